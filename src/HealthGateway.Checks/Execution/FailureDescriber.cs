using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Npgsql;
using StackExchange.Redis;

namespace HealthGateway.Checks.Execution;

/// <summary>
/// Turns an exception from a check into one line a person can act on, such as
/// "connection refused (localhost:6379)", instead of a type name and a stack trace.
/// </summary>
public static class FailureDescriber
{
    /// <summary>Describes <paramref name="exception"/> for a check against <paramref name="target"/>.</summary>
    public static string Describe(Exception exception, string target)
    {
        var suffix = string.IsNullOrEmpty(target) ? "" : $" ({target})";
        return DescribeCore(exception, suffix, depth: 0) ?? $"{exception.GetType().Name}: {FirstLine(exception.Message)}{suffix}";
    }

    private static string? DescribeCore(Exception exception, string suffix, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        switch (exception)
        {
            case SocketException socket:
                return DescribeSocket(socket, suffix);
            case AuthenticationException:
                return $"TLS handshake failed: {FirstLine(exception.Message)}{suffix}";
            case PostgresException postgres:
                return postgres.SqlState switch
                {
                    "28P01" or "28000" => $"authentication failed{suffix}",
                    "3D000" => $"database does not exist: {postgres.MessageText}{suffix}",
                    "57P03" => $"server is starting up or shutting down{suffix}",
                    "53300" => $"too many connections{suffix}",
                    _ => $"PostgreSQL error {postgres.SqlState}: {postgres.MessageText}{suffix}",
                };
            case RedisConnectionException redis when redis.FailureType == ConnectionFailureType.AuthenticationFailure:
                return $"authentication failed{suffix}";
            case RedisTimeoutException:
                return $"timed out waiting for Redis{suffix}";
            case HttpRequestException http:
                return DescribeInner(exception, suffix, depth) ?? http.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => $"host not found{suffix}",
                    HttpRequestError.ConnectionError => $"connection failed{suffix}",
                    HttpRequestError.SecureConnectionError => $"TLS handshake failed{suffix}",
                    HttpRequestError.InvalidResponse => $"invalid HTTP response{suffix}",
                    HttpRequestError.ResponseEnded => $"connection closed before a complete response{suffix}",
                    _ => $"HTTP request failed: {FirstLine(http.Message)}{suffix}",
                };
            case WebSocketException webSocket:
                return DescribeInner(exception, suffix, depth) ?? webSocket.WebSocketErrorCode switch
                {
                    WebSocketError.ConnectionClosedPrematurely => $"connection dropped without a close handshake{suffix}",
                    WebSocketError.NotAWebSocket => $"not a WebSocket endpoint{suffix}",
                    WebSocketError.UnsupportedProtocol => $"subprotocol not accepted by the server{suffix}",
                    _ => $"WebSocket error: {FirstLine(webSocket.Message)}{suffix}",
                };
            case EndOfStreamException:
                return $"connection closed by the server{suffix}";
            case IOException io:
                return DescribeInner(exception, suffix, depth) ?? $"connection error: {FirstLine(io.Message)}{suffix}";
            case TimeoutException:
                return $"timed out{suffix}";
            case NpgsqlException or RedisException:
                return DescribeInner(exception, suffix, depth);
            default:
                return exception is AggregateException ? DescribeInner(exception, suffix, depth) : null;
        }
    }

    private static string? DescribeInner(Exception exception, string suffix, int depth) =>
        exception.InnerException is { } inner ? DescribeCore(inner, suffix, depth + 1) : null;

    private static string DescribeSocket(SocketException socket, string suffix) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connection refused{suffix}",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host not found{suffix}",
        SocketError.TimedOut => $"connect timed out{suffix}",
        SocketError.ConnectionReset => $"connection reset by the server{suffix}",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"host unreachable{suffix}",
        _ => $"network error {socket.SocketErrorCode}{suffix}",
    };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
