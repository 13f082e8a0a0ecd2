using HealthGateway.Api.AgentEvents;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Notifications;

public sealed class WebSocketNotificationTests
{
    private static readonly TimeSpan s_generous = TestWebSocketClient.Generous;

    [Fact]
    public async Task UserWithTwoConnectionsReceivesEveryEventOnBothInOrder()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var first = await TestWebSocketClient.ConnectAsync(host, "u1");
        await using var second = await TestWebSocketClient.ConnectAsync(host, "u1");
        await Eventually.TrueAsync(() => host.Manager.GetConnectionCount("u1") == 2, "both sockets of u1 are registered");

        string[] runs = ["run-a", "run-b", "run-c"];
        foreach (var runId in runs)
        {
            foreach (var type in AgentEventTypes.InRunOrder)
            {
                var result = await NotifyAsync(host.Manager, type, "u1", runId, new { step = type });
                Assert.Equal(new DeliveryResult(true, 2), result);
            }
        }

        foreach (var client in new[] { first, second })
        {
            foreach (var runId in runs)
            {
                for (var index = 0; index < AgentEventTypes.InRunOrder.Count; index++)
                {
                    var received = await client.ReceiveEventAsync();
                    Assert.Equal(AgentEventTypes.InRunOrder[index], received.Type);
                    Assert.Equal("u1", received.User);
                    Assert.Equal(runId, received.RunId);
                    Assert.Equal(index + 1, received.Sequence);
                    Assert.Equal(received.Type, received.Data.GetProperty("step").GetString());
                }
            }
        }
    }

    [Fact]
    public async Task EventIsOneCamelCaseJsonEnvelopeWithTypeUserRunIdSequenceTimestampAndData()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await host.Manager.NotifyToolExecutingAsync("u1", "run-1", new { ToolName = "grep" }, CancellationToken.None);
        var received = await client.ReceiveEventAsync();

        using var document = JsonDocument.Parse(received.Raw);
        var names = document.RootElement.EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(["type", "user", "runId", "sequence", "timestamp", "data"], names);
        Assert.Equal("tool_executing", received.Type);
        Assert.Equal("grep", received.Data.GetProperty("toolName").GetString());
        Assert.True(document.RootElement.GetProperty("timestamp").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public async Task EventWithoutDataCarriesAnEmptyDataObject()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        await host.Manager.NotifyAgentStartedAsync("u1", "run-1", null, CancellationToken.None);
        var received = await client.ReceiveEventAsync();

        Assert.Equal(JsonValueKind.Object, received.Data.ValueKind);
        Assert.Empty(received.Data.EnumerateObject());
    }

    [Fact]
    public async Task NotifyingAUserWithoutConnectionsReportsNotDelivered()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var other = await TestWebSocketClient.ConnectAsync(host, "someone-else");

        var result = await host.Manager.NotifyAgentStartedAsync("nobody", "run-1", null, CancellationToken.None);

        Assert.Equal(new DeliveryResult(false, 0), result);
    }

    [Fact]
    public async Task ConcurrentNotifiesForOneRunArriveInSequenceOrder()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");

        const int count = 200;
        await Parallel.ForAsync(0, count, async (_, cancellationToken) =>
            Assert.True((await host.Manager.NotifyAgentThinkingAsync("u1", "run-1", null, cancellationToken)).Delivered));

        for (var expected = 1; expected <= count; expected++)
        {
            Assert.Equal(expected, (await client.ReceiveEventAsync()).Sequence);
        }
    }

    [Fact]
    public async Task WaitForConnectionCompletesWhenTheUsersSocketIsRegistered()
    {
        await using var host = await NotificationTestHost.StartAsync();
        using var cancel = new CancellationTokenSource(s_generous);
        var waiting = host.Manager.WaitForConnectionAsync("late", cancel.Token);
        Assert.False(waiting.IsCompleted);

        await using var client = await TestWebSocketClient.ConnectAsync(host, "late");
        await waiting;

        Assert.True((await host.Manager.NotifyAgentStartedAsync("late", "run-1", null, CancellationToken.None)).Delivered);
        using var cancelled = new CancellationTokenSource();
        var abandoned = host.Manager.WaitForConnectionAsync("never", cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
    }

    [Fact]
    public async Task ClientThatStopsReadingDoesNotDelayAnotherUserAndIsDroppedWithPolicyViolation()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:SendQueueCapacity"] = "4",
            // Keep the stuck writer stuck while the other user is served; the slow client drains later.
            ["HealthGateway:Notifications:CloseTimeout"] = "00:01:00",
        });
        await using var slow = await TestWebSocketClient.ConnectAsync(host, "slow");
        await using var fast = await TestWebSocketClient.ConnectAsync(host, "fast");

        // Fill the slow client's TCP buffers and then its queue; every call must return at once.
        var bulk = new { text = new string('x', 64 * 1024) };
        var overflowed = await Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                if (!(await host.Manager.NotifyAgentThinkingAsync("slow", "run-slow", bulk, CancellationToken.None)).Delivered)
                {
                    return true;
                }
            }

            return false;
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(overflowed, "the slow client's queue never filled up");

        // The slow client's writer is blocked on a full socket right now; the other user is served regardless.
        foreach (var type in AgentEventTypes.InRunOrder)
        {
            Assert.Equal(new DeliveryResult(true, 1), await NotifyAsync(host.Manager, type, "fast", "run-fast", null));
            Assert.Equal(type, (await fast.ReceiveEventAsync()).Type);
        }

        var (status, description) = await slow.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("queue full", description, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => host.Manager.GetConnectionCount("slow") == 0, "the dropped client is cleaned up");
        Assert.Equal(1, host.Manager.GetConnectionCount("fast"));
    }

    [Fact]
    public async Task AbortedClientIsRemovedFromTheUsersConnections()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(host, "u1");
        Assert.Equal(1, host.Manager.GetConnectionCount("u1"));

        client.Socket.Abort();

        await Eventually.TrueAsync(() => host.Manager.GetConnectionCount("u1") == 0, "the aborted socket is cleaned up");
        Assert.Equal(0, host.Manager.TotalConnectionCount);
        Assert.False((await host.Manager.NotifyAgentStartedAsync("u1", "run-1", null, CancellationToken.None)).Delivered);
    }

    [Fact]
    public async Task ClientThatNeverAnswersPingsIsDropped()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:PingInterval"] = "00:00:01",
            ["HealthGateway:Notifications:PingTimeout"] = "00:00:01",
            ["HealthGateway:Notifications:CloseTimeout"] = "00:00:01",
        });

        // A raw TCP client that completes the upgrade and then goes silent: it never reads, so never answers a ping.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseUrl.Port);
        var stream = tcp.GetStream();
        var handshake = "GET /ws?user=silent HTTP/1.1\r\n" +
            $"Host: {host.BaseUrl.Authority}\r\n" +
            "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        var response = new byte[1024];
        var read = await stream.ReadAsync(response);
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(response, 0, read), StringComparison.Ordinal);
        using (var registered = new CancellationTokenSource(s_generous))
        {
            await host.Manager.WaitForConnectionAsync("silent", registered.Token);
        }

        await Eventually.TrueAsync(
            () => host.Manager.GetConnectionCount("silent") == 0, "the silent client is dropped after its ping timeout", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ShutdownClosesEverySocketWithGoingAway()
    {
        var host = await NotificationTestHost.StartAsync();
        await using var first = await TestWebSocketClient.ConnectAsync(host, "u1");
        await using var second = await TestWebSocketClient.ConnectAsync(host, "u2");

        var stopping = host.StopAsync();
        var closes = await Task.WhenAll(first.ReceiveUntilCloseAsync(), second.ReceiveUntilCloseAsync());
        await stopping;
        await host.DisposeAsync();

        Assert.All(closes, close => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.Status));
    }

    [Fact]
    public async Task PlainHttpRequestToTheWebSocketEndpointIsBadRequest()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var response = await host.Client.GetAsync(new Uri("/ws?user=u1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WebSocketWithoutUserIsRejected()
    {
        await using var host = await NotificationTestHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://{host.BaseUrl.Authority}/ws"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocketRequiresTheApiKeyWhenOneIsConfigured()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:ApiKey"] = "s3cret",
        });

        using (var anonymous = new ClientWebSocket())
        {
            anonymous.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() =>
                anonymous.ConnectAsync(host.WebSocketUri("u1"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
        }

        await using (await TestWebSocketClient.ConnectAsync(host, "u1", configure: options => options.SetRequestHeader("X-Api-Key", "s3cret")))
        {
        }

        await using (await TestWebSocketClient.ConnectAsync(host, "u2", extraQuery: "api_key=s3cret"))
        {
        }
    }

    [Fact]
    public async Task InvalidOptionsStopTheHostWithTheFieldNamed()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NotificationTestHost.StartAsync(
            new Dictionary<string, string?> { ["HealthGateway:Notifications:SendQueueCapacity"] = "0" }));

        Assert.Contains("HealthGateway:Notifications:SendQueueCapacity", error.Message, StringComparison.Ordinal);
    }

    private static ValueTask<DeliveryResult> NotifyAsync(IAgentEventSink notifier, string type, string user, string runId, object? data) =>
        type switch
        {
            AgentEventTypes.AgentStarted => notifier.NotifyAgentStartedAsync(user, runId, data, CancellationToken.None),
            AgentEventTypes.AgentThinking => notifier.NotifyAgentThinkingAsync(user, runId, data, CancellationToken.None),
            AgentEventTypes.ToolExecuting => notifier.NotifyToolExecutingAsync(user, runId, data, CancellationToken.None),
            AgentEventTypes.ToolCompleted => notifier.NotifyToolCompletedAsync(user, runId, data, CancellationToken.None),
            AgentEventTypes.AgentCompleted => notifier.NotifyAgentCompletedAsync(user, runId, data, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
}
