using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>
/// Accepts TCP connections and never reads or writes: the client connects at once and then waits forever,
/// as with a hung dependency. Only a client-side timeout ends the wait.
/// </summary>
public sealed class BlackholeServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly ConcurrentBag<Socket> _accepted = [];
    private readonly Task _acceptLoop;

    private BlackholeServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string HttpUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/health";

    public string WebSocketUrl => $"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/ws";

    public static BlackholeServer Start() => new();

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
                // Kept, not just left in the backlog, so the connections stay open however many a test makes.
                _accepted.Add(await _listener.AcceptSocketAsync(_stopping.Token));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }
}
