using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthGateway.Checks.Core.Failures;
using StackExchange.Redis;

namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>
/// Asks a Redis server directly why a client cannot use it: a refused connect, a refused password, a missing one,
/// or a peer that does not speak Redis. A client's own last failure is often stale (after <c>kill -9</c> it says
/// "closed" while the port refuses) or wrong (a frozen server's half-finished handshake looks like an
/// authentication failure). Neutral ground: the redis check kind and the Api's backplane both diagnose with it.
/// </summary>
/// <remarks>
/// It logs in exactly as the client would (AUTH with the configured credentials, then PING), so a server that
/// merely wants a login (<c>-NOAUTH</c> to a bare PING) is never mistaken for one that refused the password.
/// </remarks>
public static class RedisServerProbe
{
    /// <summary>
    /// The current reason <paramref name="endPoint"/> is unusable, naming <paramref name="target"/> and never a
    /// credential; null when it answers PING after logging in with <paramref name="configuration"/>'s credentials
    /// (or, over TLS, which is not spoken here, when it accepts the connection). The caller bounds it with
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    public static async Task<string?> DescribeAsync(EndPoint endPoint, ConfigurationOptions configuration, string target,
        CancellationToken cancellationToken)
    {
        var suffix = $" ({target})";
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(WithDefaultPort(endPoint, configuration.Ssl), cancellationToken);
            if (configuration.Ssl)
            {
                return null;
            }

            var authenticates = !string.IsNullOrEmpty(configuration.Password);
            var request = new StringBuilder();
            if (authenticates)
            {
                AppendCommand(request, string.IsNullOrEmpty(configuration.User)
                    ? ["AUTH", configuration.Password!]
                    : ["AUTH", configuration.User, configuration.Password!]);
            }

            AppendCommand(request, ["PING"]);
            await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToString()), SocketFlags.None, cancellationToken);

            var reader = new LineReader(socket);
            if (authenticates && DescribeAuthReply(await reader.ReadLineAsync(cancellationToken), suffix) is { } refused)
            {
                return refused;
            }

            var pong = await reader.ReadLineAsync(cancellationToken);
            return pong switch
            {
                null => $"connection closed by the server{suffix}",
                _ when pong.StartsWith("+PONG", StringComparison.Ordinal) => null,
                _ when pong.StartsWith("-NOAUTH", StringComparison.Ordinal) && !authenticates
                    => $"Redis requires a password, and the connection string gives none{suffix}",
                _ when pong.StartsWith("-LOADING", StringComparison.Ordinal) => $"Redis is loading its data set{suffix}",
                _ when pong.StartsWith('-') => $"Redis refused PING{suffix}",
                _ => $"not a Redis server: unexpected reply to PING{suffix}",
            };
        }
        catch (SocketException exception)
        {
            return FailureDescriber.Describe(exception, target);
        }
    }

    /// <summary>True when <paramref name="text"/> (a reply or an exception message) says the server refused the credentials.</summary>
    public static bool RefusesCredentials(string text) =>
        text.Contains("WRONGPASS", StringComparison.Ordinal)
        || text.Contains("invalid password", StringComparison.OrdinalIgnoreCase)
        || text.Contains("invalid username-password", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when any exception in <paramref name="exception"/>'s chain says the server refused the credentials.</summary>
    public static bool RefusesCredentials(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (RefusesCredentials(current.Message))
            {
                return true;
            }
        }

        return false;
    }

    // Null when the login went through, or was answered with an error that is no refusal; PING then tells more.
    private static string? DescribeAuthReply(string? reply, string suffix) => reply switch
    {
        null => $"connection closed by the server{suffix}",
        _ when RefusesCredentials(reply) => $"authentication failed{suffix}",
        _ when reply.Contains("without any password configured", StringComparison.OrdinalIgnoreCase)
            || reply.Contains("no password is set", StringComparison.OrdinalIgnoreCase)
            => $"Redis has no password set, but the connection string gives one{suffix}",
        _ when reply.StartsWith('+') || reply.StartsWith('-') => null,
        _ => $"not a Redis server: unexpected reply to AUTH{suffix}",
    };

    // A connection string may leave the port out; the client then uses Redis's default, and so must the probe.
    private static EndPoint WithDefaultPort(EndPoint endPoint, bool ssl) => endPoint switch
    {
        DnsEndPoint { Port: 0 } dns => new DnsEndPoint(dns.Host, ssl ? 6380 : 6379, dns.AddressFamily),
        IPEndPoint { Port: 0 } ip => new IPEndPoint(ip.Address, ssl ? 6380 : 6379),
        _ => endPoint,
    };

    private static void AppendCommand(StringBuilder request, string[] parts)
    {
        request.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
    }

    /// <summary>Reads CRLF-terminated reply lines, at most 512 bytes in all: enough for any status or error line.</summary>
    private sealed class LineReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[512];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                    _start = newline + 1;
                    return line;
                }

                if (_end == _buffer.Length)
                {
                    // No line within 512 bytes: whatever this is, it is not a Redis status reply.
                    return Encoding.ASCII.GetString(_buffer, _start, _end - _start);
                }

                var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return _end > _start ? Encoding.ASCII.GetString(_buffer, _start, _end - _start) : null;
                }

                _end += read;
            }
        }
    }
}
