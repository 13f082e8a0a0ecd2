using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace BackplaneLatency;

/// <summary>A real WebSocket client of one user: stamps every event as it arrives and hands over (data.n, arrival time).</summary>
internal sealed class EventClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<(int N, long ArrivedAt)> _arrivals = Channel.CreateUnbounded<(int, long)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _receiving;

    private EventClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public static async Task<EventClient> ConnectAsync(BenchGateway gateway, string user, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{gateway.BaseUrl.Authority}/ws?user={Uri.EscapeDataString(user)}"), cancellationToken);
        await gateway.Manager.WaitForConnectionAsync(user, cancellationToken);
        return new EventClient(socket);
    }

    /// <summary>The next event; throws if it is not number <paramref name="expected"/> (out of order or lost).</summary>
    public async Task<long> NextAsync(int expected, CancellationToken cancellationToken)
    {
        var (n, arrivedAt) = await _arrivals.Reader.ReadAsync(cancellationToken);
        return n == expected ? arrivedAt : throw new InvalidOperationException($"expected event {expected}, got {n}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The server may already be gone.
        }

        await _receiving;
        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var arrivedAt = Stopwatch.GetTimestamp();
                using var frame = JsonDocument.Parse(buffer.AsMemory(0, length));
                _arrivals.Writer.TryWrite((frame.RootElement.GetProperty("data").GetProperty("n").GetInt32(), arrivedAt));
            }
        }
        catch (WebSocketException)
        {
            // Closed under us at the end of the run.
        }
        finally
        {
            _arrivals.Writer.TryComplete();
        }
    }
}
