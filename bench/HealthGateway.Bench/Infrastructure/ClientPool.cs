using System.Net.WebSockets;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// Many real <see cref="ClientWebSocket"/>s connected to the gateway's /ws, each with a receive always pending
/// (which is also what answers the server's keep-alive pings), counting the messages it gets.
/// </summary>
internal sealed class ClientPool : IAsyncDisposable
{
    private readonly List<Client> _clients;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private Expectation? _expectation;

    private ClientPool(List<Client> clients)
    {
        _clients = clients;
        foreach (var client in clients)
        {
            _loops.Add(ReceiveLoopAsync(client));
        }
    }

    public int Count => _clients.Count;

    public static async Task<ClientPool> ConnectAsync(ServerProcess gateway, int count, Func<int, string> user, int concurrency)
    {
        var clients = new Client[count];
        var next = -1;
        var baseUri = $"ws://{gateway.BaseUrl.Authority}/ws?user=";
        async Task ConnectSomeAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await socket.ConnectAsync(new Uri(baseUri + Uri.EscapeDataString(user(index))), timeout.Token);
                clients[index] = new Client(socket);
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(ConnectSomeAsync)));
        }
        catch
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                client.Socket.Dispose();
            }

            throw;
        }

        return new ClientPool([.. clients]);
    }

    /// <summary>Completes once every client has received <paramref name="messages"/> more messages.</summary>
    public Task ExpectEach(int messages)
    {
        var expectation = new Expectation(_clients.Count);
        foreach (var client in _clients)
        {
            client.Target = Volatile.Read(ref client.Received) + messages;
        }

        Volatile.Write(ref _expectation, expectation);
        return expectation.Done.Task;
    }

    public int Open => _clients.Count(c => c.Socket.State == WebSocketState.Open);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var client in _clients)
        {
            client.Socket.Abort();
        }

        await Task.WhenAll(_loops);
        foreach (var client in _clients)
        {
            client.Socket.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync(Client client)
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var result = await client.Socket.ReceiveAsync(buffer, _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage && Interlocked.Increment(ref client.Received) == client.Target)
                {
                    Volatile.Read(ref _expectation)?.Arrived();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped or dropped.
        }
    }

    private sealed class Client(ClientWebSocket socket)
    {
        public ClientWebSocket Socket { get; } = socket;

        public int Received;

        public int Target = int.MaxValue;
    }

    private sealed class Expectation(int clients)
    {
        private int _remaining = clients;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arrived()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Done.TrySetResult();
            }
        }
    }
}
