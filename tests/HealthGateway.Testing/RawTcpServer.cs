using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>
/// A TCP listener on a free loopback port that hands each accepted socket to a handler and keeps it until
/// disposed. The blackhole, garbage and banner servers are handlers over it.
/// </summary>
internal sealed class RawTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Socket> _accepted = [];
    private readonly Func<Socket, CancellationToken, Task> _handle;
    private readonly Task _acceptLoop;
    private int _disposed;

    public RawTcpServer(Func<Socket, CancellationToken, Task> handle)
    {
        _handle = handle;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string HttpUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/health";

    public string WebSocketUrl => $"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/ws";

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
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                // Kept, not just left in the backlog, so connections stay open however many a test makes.
                var socket = await _listener.AcceptSocketAsync(_stopping.Token);
                _accepted.Add(socket);
                _ = _handle(socket, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException
            || ex is InvalidOperationException && _stopping.IsCancellationRequested)
        {
            // Disposed. (A loop that comes round again after the listener stopped is told "Not listening".)
        }
    }

    /// <summary>
    /// Sends <paramref name="said"/> (nothing when empty) on <paramref name="socket"/>, then closes it with a clean FIN:
    /// the client's request is drained first, since closing with it unread would send RST, and the client could see
    /// "connection reset" instead of what was said.
    /// </summary>
    public static async Task SayAndCloseAsync(Socket socket, byte[] said, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                if (said.Length > 0)
                {
                    await socket.SendAsync(said, SocketFlags.None, ct);
                }

                socket.Shutdown(SocketShutdown.Send);
                using var drain = CancellationTokenSource.CreateLinkedTokenSource(ct);
                drain.CancelAfter(TimeSpan.FromSeconds(2));
                var buffer = new byte[4096];
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, drain.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away, the drain ran out, or the server is stopping: either way the connection is done.
            }
        }
    }
}
