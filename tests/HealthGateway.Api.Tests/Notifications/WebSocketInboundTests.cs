using HealthGateway.Api.AgentEvents;
using System.Net.WebSockets;
using System.Text;

namespace HealthGateway.Api.Tests.Notifications;

/// <summary>
/// What a client may send: nothing it sends is a request, small text is ignored, and a message over the limit,
/// a binary one or invalid UTF-8 closes that socket with the matching code while the server goes on delivering.
/// </summary>
public sealed class WebSocketInboundTests
{
    [Fact]
    public async Task OversizedInboundMessageIsClosedWithMessageTooBig()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:MaxInboundMessageBytes"] = "1024",
        });
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await client.Socket.SendAsync(Encoding.UTF8.GetBytes(new string('a', 4096)), WebSocketMessageType.Text, true, CancellationToken.None);

        var (status, _) = await client.ReceiveUntilCloseAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        await AssertServerStillDeliversAsync(host);
    }

    [Fact]
    public async Task BinaryInboundMessageIsClosedWithInvalidMessageType()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var (status, _) = await client.ReceiveUntilCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, status);
        await AssertServerStillDeliversAsync(host);
    }

    [Fact]
    public async Task InvalidUtf8TextIsClosedWithInvalidPayloadData()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await client.Socket.SendAsync(new byte[] { 0x7B, 0xC3, 0x28, 0x7D }, WebSocketMessageType.Text, true, CancellationToken.None);

        var (status, _) = await client.ReceiveUntilCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
        await AssertServerStillDeliversAsync(host);
    }

    [Fact]
    public async Task SmallTextFromTheClientIsIgnored()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await client.Socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"hello\"}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await host.Manager.NotifyAgentStartedAsync("u1", "run-1", null, CancellationToken.None);

        Assert.Equal("agent_started", (await client.ReceiveEventAsync()).Type);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    private static async Task AssertServerStillDeliversAsync(NotificationTestHost host)
    {
        await using var client = await TestWebSocketClient.ConnectAsync(host, "after-" + Guid.NewGuid().ToString("N"));
        Assert.True((await host.Manager.NotifyAgentStartedAsync(client.User, "run-after", null, CancellationToken.None)).Delivered);
        Assert.Equal("agent_started", (await client.ReceiveEventAsync()).Type);
    }
}
