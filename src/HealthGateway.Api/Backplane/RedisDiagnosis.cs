using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HealthGateway.Checks.Execution;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Why the backplane's Redis client is not connected, asked of the server now: the client's own last failure is
/// often stale (after <c>kill -9</c> it says "closed" while the port refuses) or wrong (a frozen server's
/// half-finished handshake looks like an authentication failure). One short TCP conversation with the
/// connection string's own credentials: connect, AUTH when a password is configured, PING.
/// </summary>
internal static class RedisDiagnosis
{
    /// <summary>One line naming <paramref name="target"/>, within <paramref name="timeout"/>; never a credential.</summary>
    public static async Task<string> DescribeAsync(
        ConfigurationOptions configuration, string target, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (configuration.EndPoints.FirstOrDefault() is not { } endPoint)
        {
            return $"not connected ({target})";
        }

        if (configuration.Ssl)
        {
            // A plain-text conversation would say nothing true about a TLS endpoint.
            return $"not connected to Redis over TLS ({target})";
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token);
            if (!string.IsNullOrEmpty(configuration.Password))
            {
                string[] auth = configuration.User is { Length: > 0 } user ? ["AUTH", user, configuration.Password] : ["AUTH", configuration.Password];
                var answer = await AskAsync(socket, auth, linked.Token);
                if (DescribeAuthAnswer(answer, target) is { } problem)
                {
                    return problem;
                }
            }

            return DescribePingAnswer(await AskAsync(socket, ["PING"], linked.Token), hasPassword: !string.IsNullOrEmpty(configuration.Password), target);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"timed out after {Durations.Format(timeout)} waiting for Redis ({target})";
        }
        catch (SocketException exception)
        {
            return FailureDescriber.Describe(exception, target);
        }
    }

    /// <summary>Null when the server accepted the credentials.</summary>
    private static string? DescribeAuthAnswer(string answer, string target) => answer switch
    {
        _ when answer.StartsWith("+OK", StringComparison.Ordinal) => null,

        // Only these mean the server refused the credentials (Redis 6+ and earlier wordings).
        _ when answer.StartsWith("-WRONGPASS", StringComparison.Ordinal)
            || answer.StartsWith("-ERR invalid password", StringComparison.OrdinalIgnoreCase)
            || answer.StartsWith("-ERR invalid username-password pair", StringComparison.OrdinalIgnoreCase)
            => $"authentication failed: Redis refused the password ({target})",
        _ when answer.Contains("without any password configured", StringComparison.OrdinalIgnoreCase)
            || answer.Contains("no password is set", StringComparison.OrdinalIgnoreCase)
            => $"Redis has no password set, but the connection string gives one ({target})",
        "" => $"connection closed by the server ({target})",
        _ => $"not a Redis server: unexpected reply to AUTH ({target})",
    };

    private static string DescribePingAnswer(string answer, bool hasPassword, string target) => answer switch
    {
        _ when answer.StartsWith("+PONG", StringComparison.Ordinal) => $"Redis answers, but the backplane's client is not connected yet ({target})",
        _ when answer.StartsWith("-NOAUTH", StringComparison.Ordinal) && !hasPassword
            => $"Redis requires a password, and the connection string gives none ({target})",
        _ when answer.StartsWith("-LOADING", StringComparison.Ordinal) => $"Redis is loading its data set ({target})",
        "" => $"connection closed by the server ({target})",
        _ => $"not a Redis server: unexpected reply to PING ({target})",
    };

    /// <summary>Sends one command as a RESP array and reads the first line of the reply ("" when the server closed).</summary>
    private static async Task<string> AskAsync(Socket socket, string[] command, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToString()), SocketFlags.None, cancellationToken);
        var buffer = new byte[256];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n"u8) >= 0)
            {
                break;
            }
        }

        var text = Encoding.ASCII.GetString(buffer, 0, length);
        var end = text.IndexOf('\r', StringComparison.Ordinal);
        return end >= 0 ? text[..end] : text;
    }
}
