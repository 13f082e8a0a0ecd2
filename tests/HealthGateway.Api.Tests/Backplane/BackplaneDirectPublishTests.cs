using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>Producers that publish straight to the Redis channel, bypassing any gateway: every replica delivers, in order, and ignores what is not an event.</summary>
public sealed class BackplaneDirectPublishTests
{
    [Fact]
    public async Task AProducerPublishingStraightToRedisReachesClientsOnEveryReplicaAndInvalidMessagesAreIgnored()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await using var b = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await b.WaitUntilSubscribedAsync();
        await using var onA = await TestWebSocketClient.ConnectAsync(a, "u2");
        await using var onB = await TestWebSocketClient.ConnectAsync(b, "u2");

        await using var producer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = RedisChannel.Literal("healthgateway:agent-events");
        string[] messages =
        [
            """{"user":"u2","type":"agent_started","runId":"ext","data":{"n":1}}""",
            "not json at all",
            """{"user":"u2","type":"agent_exploded","runId":"ext"}""",
            """{"type":"agent_thinking"}""",
            """{"user":"u2","type":"agent_thinking","runId":"ext","data":{"n":2}}""",
            """{"user":"u2","type":"tool_executing","data":{"n":3}}""",
        ];
        foreach (var message in messages)
        {
            await producer.GetSubscriber().PublishAsync(channel, Encoding.UTF8.GetBytes(message));
        }

        foreach (var client in new[] { onA, onB })
        {
            var received = new[] { await client.ReceiveEventAsync(), await client.ReceiveEventAsync(), await client.ReceiveEventAsync() };
            Assert.Equal([1, 2, 3], received.Select(e => e.Data.GetProperty("n").GetInt32()));
            Assert.Equal(["agent_started", "agent_thinking", "tool_executing"], received.Select(e => e.Type));
            Assert.Equal(["ext", "ext", "default"], received.Select(e => e.RunId));
        }

        var body = await a.WaitForReadinessAsync(body => body.HasEntry("backplane") && Counter(body, "rejected") >= 3);
        Assert.Equal(3, Counter(body, "rejected"));
        Assert.Equal("Healthy", body.EntryStatus("backplane"));
    }

    [Fact]
    public async Task ABurstPublishedStraightToRedisArrivesInOrderOnEveryReplica()
    {
        const int count = 1000;
        await using var redis = await RedisServer.StartAsync();
        var settings = Replicas.Settings(redis.ConnectionString).Set("HealthGateway:Notifications:SendQueueCapacity", "4096");
        await using var a = await settings.StartAsync();
        await using var b = await settings.StartAsync();
        await a.WaitUntilSubscribedAsync();
        await b.WaitUntilSubscribedAsync();
        await using var onA = await TestWebSocketClient.ConnectAsync(a, "u3");
        await using var onB = await TestWebSocketClient.ConnectAsync(b, "u3");

        // Pipelined on one connection, so Redis receives them in this order and without pauses between them.
        await using var producer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var channel = RedisChannel.Literal("healthgateway:agent-events");
        await Task.WhenAll(Enumerable.Range(0, count).Select(n => producer.GetSubscriber().PublishAsync(
            channel, """{"user":"u3","type":"agent_thinking","runId":"burst","data":{"n":""" + n.ToString(CultureInfo.InvariantCulture) + "}}")));

        foreach (var client in new[] { onA, onB })
        {
            for (var n = 0; n < count; n++)
            {
                var received = await client.ReceiveEventAsync();
                Assert.Equal(n, received.Data.GetProperty("n").GetInt32());
                Assert.Equal(n + 1, received.Sequence);
            }
        }
    }

    private static long Counter(JsonElement body, string name) =>
        body.Entry("backplane").GetProperty("data").TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
