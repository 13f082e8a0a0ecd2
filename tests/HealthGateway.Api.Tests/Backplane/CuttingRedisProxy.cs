using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>
/// A loopback TCP proxy in front of a real Redis that can cut the connection a PUBLISH went out on after Redis has
/// executed it (and pushed the message to its subscribers) but before the reply reaches the client: the one moment
/// at which a publisher cannot know whether its event went out. It can also hold back what Redis pushes to
/// subscribers, to choose which of the two the gateway sees first: its own copy, or the failed PUBLISH.
/// </summary>
/// <remarks>
/// It reads RESP only as far as it must: a client connection that sends <c>SUBSCRIBE</c> is a subscriber, one that
/// sends <c>PUBLISH</c> while the proxy is armed gets no reply from then on. Commands are short and the proxy keeps
/// the tail of the previous read, so a command split over two reads is still seen.
/// </remarks>
internal sealed class CuttingRedisProxy : IAsyncDisposable
{
    private static readonly byte[] s_publish = "\r\nPUBLISH\r\n"u8.ToArray();
    private static readonly byte[] s_subscribe = "\r\nSUBSCRIBE\r\n"u8.ToArray();

    private readonly int _redisPort;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<Pair> _pairs = [];
    private readonly Task _acceptLoop;
    private bool _armed;
    private bool _holdingPushes;
    private Pair? _cut;
    private TaskCompletionSource _publishAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CuttingRedisProxy(int redisPort)
    {
        _redisPort = redisPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>What a gateway connects to instead of Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>
    /// The next connection that sends PUBLISH gets no reply from then on, until <see cref="CutAsync"/> closes it.
    /// <see cref="PublishAnswered"/> completes once Redis has answered that PUBLISH (so it has been executed).
    /// </summary>
    public void SwallowRepliesAfterNextPublish()
    {
        lock (_gate)
        {
            _armed = true;
            _publishAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public Task PublishAnswered
    {
        get
        {
            lock (_gate)
            {
                return _publishAnswered.Task;
            }
        }
    }

    /// <summary>Closes the connection whose PUBLISH reply was swallowed, as a dying connection would.</summary>
    public async Task CutAsync()
    {
        Pair cut;
        lock (_gate)
        {
            cut = _cut ?? throw new InvalidOperationException("No PUBLISH has been swallowed yet.");
            _cut = null;
        }

        await cut.CloseAsync();
    }

    /// <summary>Holds what Redis sends to subscriber connections (the channel's messages) until released.</summary>
    public void HoldSubscriberPushes()
    {
        lock (_gate)
        {
            _holdingPushes = true;
        }
    }

    /// <summary>Sends the held messages on, in order, and stops holding.</summary>
    public void ReleaseSubscriberPushes()
    {
        lock (_gate)
        {
            // Written under the lock, so nothing Redis sends meanwhile overtakes them.
            foreach (var pair in _pairs)
            {
                foreach (var chunk in pair.HeldChunks)
                {
                    pair.TrySend(chunk);
                }

                pair.HeldChunks.Clear();
            }

            _holdingPushes = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Pair[] pairs;
        lock (_gate)
        {
            pairs = [.. _pairs];
        }

        foreach (var pair in pairs)
        {
            await pair.CloseAsync();
        }

        await Task.WhenAll(pairs.Select(pair => pair.Pumps));
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.NoDelay = true;
                try
                {
                    await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _redisPort), _stopping.Token);
                }
                catch (SocketException)
                {
                    // Redis is down: so is the proxied connection.
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }

                var pair = new Pair(client, upstream);
                lock (_gate)
                {
                    _pairs.Add(pair);
                }

                pair.Pumps = Task.WhenAll(PumpToRedisAsync(pair), PumpToClientAsync(pair));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task PumpToRedisAsync(Pair pair)
    {
        var buffer = new byte[64 * 1024];
        var tail = Array.Empty<byte>();
        try
        {
            while (true)
            {
                var read = await pair.Client.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                var seen = tail.Concat(buffer.Take(read)).ToArray();
                tail = seen[Math.Max(0, seen.Length - s_subscribe.Length)..];
                lock (_gate)
                {
                    if (Contains(seen, s_subscribe))
                    {
                        pair.IsSubscriber = true;
                    }

                    // Marked before the command is sent on, so its reply cannot slip through.
                    if (_armed && !pair.IsSubscriber && Contains(seen, s_publish))
                    {
                        _armed = false;
                        pair.SwallowReplies = true;
                        _cut = pair;
                    }
                }

                await pair.Upstream.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }

        await pair.CloseAsync();
    }

    private async Task PumpToClientAsync(Pair pair)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await pair.Upstream.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                var chunk = buffer[..read];
                lock (_gate)
                {
                    if (pair.SwallowReplies)
                    {
                        _publishAnswered.TrySetResult();
                        continue;
                    }

                    if (pair.IsSubscriber && _holdingPushes)
                    {
                        pair.HeldChunks.Add(chunk);
                        continue;
                    }

                    // Under the lock as well, so a release in progress is not overtaken.
                    if (!pair.TrySend(chunk))
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }

        await pair.CloseAsync();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private sealed class Pair(Socket client, Socket upstream)
    {
        private int _closed;

        public Socket Client { get; } = client;

        public Socket Upstream { get; } = upstream;

        public Task Pumps { get; set; } = Task.CompletedTask;

        public bool IsSubscriber { get; set; }

        public bool SwallowReplies { get; set; }

        public List<byte[]> HeldChunks { get; } = [];

        public bool TrySend(byte[] chunk)
        {
            try
            {
                // Loopback and small: a blocking send completes at once.
                Client.Send(chunk);
                return true;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }

        public Task CloseAsync()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Client.Dispose();
                Upstream.Dispose();
            }

            return Task.CompletedTask;
        }
    }
}
