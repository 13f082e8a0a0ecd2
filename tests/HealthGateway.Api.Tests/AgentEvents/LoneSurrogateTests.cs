using System.Text;
using System.Text.Json;
using HealthGateway.Api.Tests.Backplane;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;
using Serilog.Events;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.AgentEvents;

/// <summary>
/// An event whose data holds a lone UTF-16 surrogate (<c>"\ud800"</c>): valid JSON text, but no string a client
/// could be sent. It is refused naming the field before any sequence number is taken, with or without the backplane,
/// and a producer publishing one straight to Redis gets it counted and warned about, never a crashed subscriber.
/// </summary>
public sealed class LoneSurrogateTests
{
    // Raw JSON text: the six characters \ud800 travel as written, an escape of a lone high surrogate.
    private const string LoneSurrogateBody = """{"user":"u8","type":"agent_thinking","runId":"r","data":{"k":"\ud800"}}""";

    [Fact]
    public async Task ALoneSurrogateInDataIsBadRequestNamingTheFieldAndLeavesNoSequenceGap()
    {
        await using var gateway = await new GatewaySettings().StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(gateway, "u8");

        await AssertRefusedThenNextIsSequenceOneAsync(gateway, client);
    }

    [Fact]
    public async Task WithTheBackplaneALoneSurrogateIsBadRequestTooAndLeavesNoSequenceGap()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await Replicas.StartAsync(redis.ConnectionString);
        await gateway.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(gateway, "u8");

        await AssertRefusedThenNextIsSequenceOneAsync(gateway, client);
        Assert.DoesNotContain(gateway.Logs.Events, e => e.Level >= LogEventLevel.Error);
    }

    [Fact]
    public async Task ALoneSurrogatePublishedStraightToRedisIsCountedAndWarnedOnceWithoutAStackTrace()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await Replicas.StartAsync(redis.ConnectionString);
        await gateway.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(gateway, "u8");
        await using var producer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = RedisChannel.Literal("healthgateway:agent-events");

        await producer.GetSubscriber().PublishAsync(channel, Encoding.UTF8.GetBytes(LoneSurrogateBody));
        await producer.GetSubscriber().PublishAsync(channel, Encoding.UTF8.GetBytes(LoneSurrogateBody));
        await producer.GetSubscriber().PublishAsync(channel, Encoding.UTF8.GetBytes("""{"user":"u8","type":"agent_thinking","runId":"r","data":{"k":"fine"}}"""));

        // The subscriber goes on, and the client sees the good event as the run's first: no number was spent.
        var received = await client.ReceiveEventAsync();
        Assert.Equal(("r", 1L, "fine"), (received.RunId, received.Sequence, received.Data.GetProperty("k").GetString()));

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("backplane") && Rejected(b) >= 2);
        Assert.Equal(2, Rejected(body));
        Assert.Equal("Healthy", body.EntryStatus("backplane"));

        var ignored = gateway.Logs.Events.Where(e => e.RenderMessage().Contains("ignored a message", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(ignored);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Contains("data.k: contains an unpaired surrogate", warning.RenderMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs.Events, e => e.Level >= LogEventLevel.Error);
    }

    private static async Task AssertRefusedThenNextIsSequenceOneAsync(GatewayHost gateway, TestWebSocketClient client)
    {
        var (status, problem) = await gateway.PostRawEventAsync(LoneSurrogateBody);

        Assert.Equal(400, status);
        Assert.Contains("data.k: contains an unpaired surrogate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, problem.GetProperty("errors").GetProperty("data").ValueKind);

        var (next, _) = await gateway.PostEventAsync(new { user = "u8", type = "agent_thinking", runId = "r", data = new { k = "fine" } });
        Assert.Equal(202, next);
        var received = await client.ReceiveEventAsync();
        Assert.Equal(("r", 1L, "fine"), (received.RunId, received.Sequence, received.Data.GetProperty("k").GetString()));
    }

    private static long Rejected(JsonElement body) =>
        body.Entry("backplane").GetProperty("data").GetProperty("rejected").GetInt64();
}
