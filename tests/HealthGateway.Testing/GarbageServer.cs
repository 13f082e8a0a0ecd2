using System.Globalization;
using System.Net;
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

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly Task _acceptLoop;

    private GarbageServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string HttpUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/health";

    public string WebSocketUrl => $"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/ws";

    public static GarbageServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may dispose explicitly inside an 'await using'.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stopping.Token);
                _ = AnswerAsync(socket, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

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
