using System.Net.Sockets;
using System.Text;
using HealthGateway.Checks.Core.Assertions;

namespace HealthGateway.Checks.Core.Failures;

/// <summary>
/// Asks a peer that failed a client library's handshake what it is: one TCP connection, an optional greeting of
/// ours, and the first bytes it answers. A client library says "Packet received out-of-order" or "connection.start
/// was never received"; the answer says "SSH-2.0-OpenSSH_9.6" or "HTTP/1.1 400 Bad Request", which a person can act on.
/// Runs only after a failure, within what is left of the check's budget.
/// </summary>
public static class PeerProbe
{
    /// <summary>How long the probe waits for the peer's first bytes at most.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>, sends <paramref name="hello"/> (when not empty)
    /// and reads up to 256 bytes of the answer: empty when the peer closed without a byte, null when it could not
    /// be reached or said nothing within <see cref="Limit"/>.
    /// </summary>
    public static async Task<byte[]?> FirstAnswerAsync(string host, int port, ReadOnlyMemory<byte> hello, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(host, port, limit.Token);
            if (!hello.IsEmpty)
            {
                await socket.SendAsync(hello, SocketFlags.None, limit.Token);
            }

            var buffer = new byte[256];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, limit.Token)) > 0)
            {
                read += count;
                if (Array.IndexOf(buffer, (byte)'\n', 0, read) >= 0)
                {
                    break;
                }
            }

            return buffer[..read];
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// How a description quotes an answer: its first line, in double quotes, shortened, with control characters and
    /// bytes that are no text made visible.
    /// </summary>
    public static string Quote(byte[] answer)
    {
        var text = Encoding.Latin1.GetString(answer);
        var end = text.IndexOfAny(['\r', '\n']);
        return AssertionText.Quote(end > 0 ? text[..end] : text);
    }
}
