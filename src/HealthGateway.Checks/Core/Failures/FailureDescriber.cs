using System.Net.Sockets;
using System.Security.Authentication;
using HealthGateway.Checks.Core.KindContract;

namespace HealthGateway.Checks.Core.Failures;

/// <summary>
/// Turns an exception from a check into one line a person can act on, such as
/// "connection refused (localhost:6379)", instead of a type name and a stack trace. Socket, TLS, I/O and timeout
/// errors are described here; each kind describes its own client's exceptions (it is an <see cref="IFailureDescriber"/>), and
/// this class asks the kinds it is given, never naming one.
/// </summary>
public static class FailureDescriber
{
    /// <summary>Describes <paramref name="exception"/> for a check against <paramref name="target"/>, asking the built-in kinds.</summary>
    public static string Describe(Exception exception, string target) => Describe(exception, target, ServiceKindCatalog.BuiltIn);

    /// <summary>Describes <paramref name="exception"/> for a check against <paramref name="target"/>, asking <paramref name="kinds"/>.</summary>
    public static string Describe(Exception exception, string target, ServiceKindCatalog kinds) => Describe(exception, target, kinds.All);

    /// <summary>Describes <paramref name="exception"/> for a check against <paramref name="target"/>, asking <paramref name="describers"/>.</summary>
    public static string Describe(Exception exception, string target, IReadOnlyList<IFailureDescriber> describers)
    {
        var suffix = string.IsNullOrEmpty(target) ? "" : $" ({target})";
        return DescribeCore(exception, suffix, describers, depth: 0) ?? Unexpected(exception, suffix);
    }

    // An exception no kind knows: its message's first line in plain text, never its type name (a person cannot act
    // on "NpgsqlException"), and when the message says nothing, that it was unexpected.
    private static string Unexpected(Exception exception, string suffix) =>
        FailureText.FirstLine(exception.Message) is { Length: > 0 } line ? $"unexpected error: {line}{suffix}" : $"unexpected error{suffix}";

    private static string? DescribeCore(Exception exception, string suffix, IReadOnlyList<IFailureDescriber> describers, int depth)
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
                return $"TLS handshake failed: {FailureText.FirstLine(exception.Message)}{suffix}";
        }

        string? Inner(Exception inner) => DescribeCore(inner, suffix, describers, depth + 1);
        foreach (var describer in describers)
        {
            if (describer.Describe(exception, suffix, Inner) is { } described)
            {
                return described;
            }
        }

        return exception switch
        {
            EndOfStreamException => $"connection closed by the server{suffix}",
            IOException io => DescribeInner(exception) ?? $"connection error: {FailureText.FirstLine(io.Message)}{suffix}",
            TimeoutException => $"timed out{suffix}",

            // A stream or socket disposed under the client is the peer closing the connection (SocketsHttpHandler says
            // so of an HTTP/2 handshake cut short), not a reload.
            ObjectDisposedException { ObjectName: { } name } when name.Contains("Stream", StringComparison.Ordinal) || name.Contains("Socket", StringComparison.Ordinal) =>
                $"connection closed by the server{suffix}",

            // A check that outlived its host, whose service a reload removed or replaced: its result is dropped anyway.
            ObjectDisposedException => $"check stopped: the service was reloaded{suffix}",
            AggregateException => DescribeInner(exception),
            _ => null,
        };

        string? DescribeInner(Exception outer) => outer.InnerException is { } inner ? Inner(inner) : null;
    }

    private static string DescribeSocket(SocketException socket, string suffix) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connection refused{suffix}",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host not found{suffix}",
        SocketError.TimedOut => $"connect timed out{suffix}",
        SocketError.ConnectionReset => $"connection reset by the server{suffix}",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"host unreachable{suffix}",
        _ => $"network error {socket.SocketErrorCode}{suffix}",
    };
}
