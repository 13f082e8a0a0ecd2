using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>How <see cref="FaultProxy"/> treats traffic.</summary>
internal enum FaultMode
{
    /// <summary>Relays both ways to the upstream.</summary>
    Forward,

    /// <summary>
    /// A hung server (as after SIGSTOP): connections are accepted by the kernel, nothing is ever answered,
    /// and connections already open go silent.
    /// </summary>
    Blackhole,

    /// <summary>A dead server: nothing listens (connects are refused) and open connections are reset.</summary>
    Refuse,
}

/// <summary>
/// A TCP proxy on a fixed loopback port in front of a real target, switched between forwarding, blackholing and
/// refusing at an exact, known instant: the time-to-detect benchmark measures from that instant.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<Socket, byte> _clients = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _generation = new();
    private volatile FaultMode _mode = FaultMode.Forward;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        Listen(0);
    }

    public int Port { get; private set; }

    public FaultMode Mode => _mode;

    public void Switch(FaultMode mode)
    {
        lock (_gate)
        {
            if (mode == _mode)
            {
                return;
            }

            // Every connection of the previous mode ends: relays stop, held sockets are dropped.
            var previous = _generation;
            _generation = new CancellationTokenSource();
            previous.Cancel();
            previous.Dispose();
            var wasRefusing = _mode == FaultMode.Refuse;
            _mode = mode;

            if (mode == FaultMode.Refuse)
            {
                _listener?.Stop();
                _listener = null;
                foreach (var client in _clients.Keys)
                {
                    Reset(client);
                }
            }
            else if (wasRefusing)
            {
                Listen(Port);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            _generation.Cancel();
            foreach (var client in _clients.Keys)
            {
                client.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(512);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _clients.TryAdd(client, 0);
            CancellationToken token;
            FaultMode mode;
            lock (_gate)
            {
                token = _generation.Token;
                mode = _mode;
            }

            _ = mode == FaultMode.Forward ? RelayAsync(client, token) : HoldAsync(client, token);
        }
    }

    private async Task HoldAsync(Socket client, CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            // Mode changed.
        }
        finally
        {
            Drop(client);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken token)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            client.NoDelay = true;
            await upstream.ConnectAsync(_upstream, token);
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(token);
            var up = PumpAsync(client, upstream, relay.Token);
            var down = PumpAsync(upstream, client, relay.Token);
            await Task.WhenAny(up, down);
            await relay.CancelAsync();
            await Task.WhenAll(up, down);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Upstream gone or mode changed.
        }
        finally
        {
            // A blackhole keeps the client's socket open and silent; anything else ends it.
            if (_mode == FaultMode.Blackhole && _clients.ContainsKey(client))
            {
                CancellationToken holdToken;
                lock (_gate)
                {
                    holdToken = _generation.Token;
                }

                _ = HoldAsync(client, holdToken);
            }
            else
            {
                Drop(client);
            }
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side ended.
        }
    }

    private void Reset(Socket client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        Drop(client);
    }

    private void Drop(Socket client)
    {
        if (_clients.TryRemove(client, out _))
        {
            client.Dispose();
        }
    }
}
