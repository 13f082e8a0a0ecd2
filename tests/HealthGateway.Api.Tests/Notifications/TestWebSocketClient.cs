using System.Net.WebSockets;
using System.Text;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Notifications;

/// <summary>A real <see cref="ClientWebSocket"/> connected to a test host's /ws, with helpers to read events.</summary>
public sealed class TestWebSocketClient : IAsyncDisposable
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private readonly byte[] _buffer = new byte[256 * 1024];

    private TestWebSocketClient(ClientWebSocket socket, string user)
    {
        Socket = socket;
        User = user;
    }

    public ClientWebSocket Socket { get; }

    public string User { get; }

    /// <summary>Connects as <paramref name="user"/> and waits until the manager has registered at least one of the user's sockets.</summary>
    public static Task<TestWebSocketClient> ConnectAsync(
        NotificationTestHost host, string user, string? extraQuery = null, Action<ClientWebSocketOptions>? configure = null) =>
        ConnectAsync(host.WebSocketUri(user, extraQuery), host.Manager, user, configure);

    /// <summary>Connects to a whole gateway's /ws as <paramref name="user"/> and waits until its manager has registered the socket.</summary>
    /// <param name="invoker">Connects through this handler (e.g. one that sets socket options) instead of the default.</param>
    public static Task<TestWebSocketClient> ConnectAsync(
        GatewayHost gateway, string user, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null) =>
        ConnectAsync(
            new Uri($"ws://{gateway.BaseUrl.Authority}/ws?user={Uri.EscapeDataString(user)}"),
            gateway.Services.GetRequiredService<WebSocketNotificationManager>(), user, configure, invoker);

    /// <summary>Connects to <paramref name="uri"/> and waits until <paramref name="manager"/> has registered a socket of <paramref name="user"/>.</summary>
    public static async Task<TestWebSocketClient> ConnectAsync(
        Uri uri, WebSocketNotificationManager manager, string user, Action<ClientWebSocketOptions>? configure, HttpMessageInvoker? invoker = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Generous);
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        await manager.WaitForConnectionAsync(user, timeout.Token);
        return new TestWebSocketClient(socket, user);
    }

    /// <summary>Next message as a parsed event; fails the test if a close or nothing arrives in time.</summary>
    public async Task<ReceivedEvent> ReceiveEventAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Generous);
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), cancel.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                return ReceivedEvent.Parse(Encoding.UTF8.GetString(_buffer, 0, length));
            }
        }
    }

    /// <summary>Reads (and discards) data until the server's close frame, then completes the handshake.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveUntilCloseAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Generous);
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(), cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    try
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
                    }
                    catch (WebSocketException)
                    {
                        // After a protocol error the server may not wait for our answer; its close code is what counts.
                    }
                }

                return (Socket.CloseStatus, Socket.CloseStatusDescription);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // Best effort.
            }
        }

        Socket.Dispose();
    }
}
