using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// Answers every TCP connection with a line that is no protocol at all, then closes: an HTTP, WebSocket,
/// PostgreSQL or Redis client must report a protocol error, not hang or crash.
/// </summary>
public sealed class GarbageServer : IAsyncDisposable
{
    public const string Garbage = "HELLO-NOT-A-PROTOCOL\r\n\r\n";

    private static readonly byte[] _garbageBytes = Encoding.ASCII.GetBytes(Garbage);

    private readonly RawTcpServer _server = new(AnswerAsync);

    public int Port => _server.Port;

    public string HttpUrl => _server.HttpUrl;

    public string WebSocketUrl => _server.WebSocketUrl;

    public static GarbageServer Start() => new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task AnswerAsync(Socket socket, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync(_garbageBytes, SocketFlags.None, ct);
                socket.Shutdown(SocketShutdown.Send);

                // Closing with the client's request still unread would send RST, and the client could see
                // "connection reset" instead of the garbage; draining first gives it a clean FIN.
                using var drain = CancellationTokenSource.CreateLinkedTokenSource(ct);
                drain.CancelAfter(TimeSpan.FromSeconds(2));
                var buffer = new byte[4096];
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, drain.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client left first, or the server is stopping: either way the connection is done.
            }
        }
    }
}
