using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthGateway.Checks.Execution;
using StackExchange.Redis;

namespace HealthGateway.Checks.Redis;

/// <summary>
/// Asks a Redis server directly why the client cannot use it: a refused connect, a refused password, or a peer that
/// does not speak Redis. It logs in exactly as the client would (AUTH with the configured credentials, then PING),
/// so a server that merely wants a login is never mistaken for one that refused the password.
/// </summary>
internal static class RedisProbe
{
    /// <summary>
    /// The current reason <paramref name="endPoint"/> is unusable, or null when it answers PING after logging in
    /// (or, over TLS, which is not spoken here, when it accepts the connection).
    /// </summary>
    public static async Task<string?> DescribeAsync(EndPoint endPoint, ConfigurationOptions configuration, string target,
        CancellationToken cancellationToken)
    {
        var suffix = $" ({target})";
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
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
            if (authenticates)
            {
                var auth = await reader.ReadLineAsync(cancellationToken);
                if (auth is null)
                {
                    return $"connection closed by the server{suffix}";
                }

                if (RefusesCredentials(auth))
                {
                    return $"authentication failed{suffix}";
                }

                // Any other answer (+OK, or a server without a password saying AUTH is unnecessary) is not a refusal.
                if (!auth.StartsWith('+') && !auth.StartsWith('-'))
                {
                    return $"not a Redis server: unexpected reply to AUTH{suffix}";
                }
            }

            var pong = await reader.ReadLineAsync(cancellationToken);
            return pong switch
            {
                null => $"connection closed by the server{suffix}",
                _ when pong.StartsWith("+PONG", StringComparison.Ordinal) => null,
                _ when pong.StartsWith("-NOAUTH", StringComparison.Ordinal) && !authenticates => $"the server requires a password and none is configured{suffix}",
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
