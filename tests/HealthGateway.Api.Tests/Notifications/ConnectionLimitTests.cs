using System.Net.WebSockets;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Notifications;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task AUserBeyondTheConnectionCapIsClosedWithPolicyViolationAndOthersKeepWorking()
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:Notifications:MaxConnectionsPerUser", "2").StartAsync();
        var url = new Uri($"ws://{gateway.BaseUrl.Authority}/ws?user=u1");
        using var first = new ClientWebSocket();
        using var second = new ClientWebSocket();
        using var third = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await first.ConnectAsync(url, timeout.Token);
        await second.ConnectAsync(url, timeout.Token);
        await third.ConnectAsync(url, timeout.Token);

        var received = await third.ReceiveAsync(new byte[256], timeout.Token);

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, third.CloseStatus);
        Assert.Equal("too many connections for this user", third.CloseStatusDescription);
        Assert.Equal(WebSocketState.Open, first.State);
        Assert.Equal(WebSocketState.Open, second.State);
    }
}
