using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>Two real gateway replicas in this process and one real redis-server between them.</summary>
public sealed class BackplaneTests
{
    private static readonly TimeSpan s_resumeWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EventsPostedToReplicaBReachAClientOnReplicaAInTheOrderTheyWereSent()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await using var b = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await b.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        const int count = 40;
        for (var step = 0; step < count; step++)
        {
            var (status, body) = await b.PostEventAsync(new
            {
                user = "u1",
                type = AgentEventTypes.InRunOrder[step % 5],
                runId = $"run-{step / 5}",
                data = new { step },
            });

            Assert.Equal(202, status);
            Assert.Equal("backplane", body.GetProperty("route").GetString());
            Assert.False(body.GetProperty("delivered").GetBoolean()); // B itself has no connection of u1
            Assert.Equal(2, body.GetProperty("subscribers").GetInt64());
        }

        for (var step = 0; step < count; step++)
        {
            var received = await client.ReceiveEventAsync();
            Assert.Equal(step, received.Data.GetProperty("step").GetInt32());
            Assert.Equal(AgentEventTypes.InRunOrder[step % 5], received.Type);
            Assert.Equal($"run-{step / 5}", received.RunId);
            Assert.Equal("u1", received.User);
            Assert.Equal(step % 5 + 1, received.Sequence);
        }
    }

    [Fact]
    public async Task WhenRedisStopsEachReplicaDeliversLocallyReadinessShowsTheBackplaneDegradedAndCrossReplicaDeliveryResumesWhenRedisIsBack()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await using var b = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await b.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        Assert.Equal(202, (await b.PostEventAsync(new { user = "u1", type = "agent_started", runId = "before" })).Status);
        Assert.Equal("before", (await client.ReceiveEventAsync()).RunId);

        await redis.StopAsync();

        // (While the connections go down one by one it may say "connected but not subscribed" for a moment.)
        var degraded = await a.WaitForReadinessAsync(body => body.HasEntry("backplane")
            && body.EntryDescription("backplane").StartsWith("Redis unavailable", StringComparison.Ordinal));
        Assert.Equal("Degraded", degraded.EntryStatus("backplane"));
        Assert.Contains($"127.0.0.1:{redis.Port}", degraded.EntryDescription("backplane"), StringComparison.Ordinal);
        var (readyStatus, ready) = await a.GetJsonAsync("/health/ready");
        Assert.Equal(200, readyStatus);
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("allCriticalServicesAvailable").GetBoolean());

        // Local delivery goes on while Redis is away.
        var (status, accepted) = await a.PostEventAsync(new { user = "u1", type = "agent_thinking", runId = "during", data = new { local = true } });
        Assert.Equal(202, status);
        Assert.Equal("local-fallback", accepted.GetProperty("route").GetString());
        Assert.True(accepted.GetProperty("delivered").GetBoolean());
        Assert.Equal(1, accepted.GetProperty("connections").GetInt32());
        var during = await client.ReceiveEventAsync();
        Assert.Equal(("agent_thinking", "during"), (during.Type, during.RunId));

        await redis.StartAgainAsync();

        // Neither gateway restarts: post to B until one arrives at A (events posted before both re-subscribed are lost).
        var (attempts, earlier) = await PostUntilOneArrivesAsync(b, client, "u1", "resume");
        Assert.NotEmpty(attempts);
        Assert.Empty(earlier);

        // From here on every event gets through, in order.
        for (var step = 0; step < 5; step++)
        {
            Assert.Equal(202, (await b.PostEventAsync(new { user = "u1", type = "tool_executing", runId = "after", data = new { step } })).Status);
        }

        var afterSteps = new List<int>();
        while (afterSteps.Count < 5)
        {
            var received = await client.ReceiveEventAsync();
            if (received.RunId == "after")
            {
                afterSteps.Add(received.Data.GetProperty("step").GetInt32());
            }
            else
            {
                Assert.Equal("resume", received.RunId); // a later resume attempt that also got through
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], afterSteps);
        await a.WaitUntilSubscribedAsync();
    }

    [Fact]
    public async Task AnEventPostedToTheReplicaHoldingTheClientIsDeliveredOnceThroughRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        var (status, body) = await a.PostEventAsync(new { user = "u1", type = "agent_started", runId = "r1", data = new { n = 1 } });
        Assert.Equal(202, status);
        Assert.Equal("backplane", body.GetProperty("route").GetString());
        Assert.True(body.GetProperty("delivered").GetBoolean());
        Assert.Equal(1, body.GetProperty("connections").GetInt32());
        Assert.Equal(1, body.GetProperty("subscribers").GetInt64());
        await a.PostEventAsync(new { user = "u1", type = "agent_thinking", runId = "r1", data = new { n = 2 } });

        // A second copy of the first event would arrive before the second one.
        Assert.Equal(1, (await client.ReceiveEventAsync()).Data.GetProperty("n").GetInt32());
        var second = await client.ReceiveEventAsync();
        Assert.Equal(2, second.Data.GetProperty("n").GetInt32());
        Assert.Equal(2, second.Sequence);
    }

    [Fact]
    public async Task InProcessNotifyCallsGoThroughTheBackplaneAndRefuseWhatNoReplicaWouldDeliver()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await using var b = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await b.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");
        var notifierOnB = b.Services.GetRequiredService<IAgentEventSink>();

        var result = await notifierOnB.NotifyToolCompletedAsync("u1", "run-9", new { ExitCode = 0 }, CancellationToken.None);

        Assert.Equal(DeliveryRoute.Backplane, result.Route);
        Assert.False(result.Delivered); // not on B
        var received = await client.ReceiveEventAsync();
        Assert.Equal(("tool_completed", "run-9", 0), (received.Type, received.RunId, received.Data.GetProperty("exitCode").GetInt32()));

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await notifierOnB.NotifyAgentStartedAsync("u1", new string('r', 129), null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await notifierOnB.NotifyAgentStartedAsync("u1", "run-9", "not an object", CancellationToken.None));
    }

    [Fact]
    public async Task AGatewayStartedWhileRedisIsDownStartsDeliversLocallyAndSubscribesOnceRedisComesUp()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();

        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        var down = await a.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryDescription("backplane").Contains("refused", StringComparison.Ordinal));
        Assert.Equal("Degraded", down.EntryStatus("backplane"));
        Assert.Equal(200, (await a.GetJsonAsync("/health/ready")).Status);
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");
        var (_, accepted) = await a.PostEventAsync(new { user = "u1", type = "agent_started" });
        Assert.Equal("local-fallback", accepted.GetProperty("route").GetString());
        Assert.Equal("agent_started", (await client.ReceiveEventAsync()).Type);

        await redis.StartAgainAsync();

        await a.WaitUntilSubscribedAsync();
        var (_, through) = await a.PostEventAsync(new { user = "u1", type = "agent_thinking" });
        Assert.Equal("backplane", through.GetProperty("route").GetString());
        Assert.Equal("agent_thinking", (await client.ReceiveEventAsync()).Type);
    }

    [Fact]
    public async Task AHungRedisHoldsAPublishNoLongerThanItsTimeoutAndNeverCausesADuplicate()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.Settings(redis.ConnectionString).Set("HealthGateway:Backplane:PublishTimeout", "00:00:01").StartAsync();
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        redis.Freeze();
        var posting = a.PostEventAsync(new { user = "u1", type = "agent_started", runId = "frozen" });
        var finished = await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(15)));
        redis.Thaw();

        Assert.Same(posting, finished);
        var (status, body) = await posting;
        Assert.Equal(202, status);
        Assert.Contains(body.GetProperty("route").GetString(), new[] { "unconfirmed", "local-fallback" });

        // The frozen PUBLISH may still be executed after the thaw; either way the client sees the event at most once.
        var (_, earlier) = await PostUntilOneArrivesAsync(a, client, "u1", "after-thaw");
        Assert.Equal(202, (await a.PostEventAsync(new { user = "u1", type = "agent_completed", runId = "last" })).Status);
        var seen = new List<ReceivedEvent>(earlier);
        for (var next = await client.ReceiveEventAsync(); next.RunId != "last"; next = await client.ReceiveEventAsync())
        {
            seen.Add(next);
        }

        Assert.All(seen, received => Assert.Contains(received.RunId, new[] { "frozen", "after-thaw" }));
        Assert.InRange(seen.Count(received => received.RunId == "frozen"), 0, 1);
    }

    /// <summary>
    /// Posts numbered events of run <paramref name="runId"/> to <paramref name="producerSide"/> until one reaches
    /// <paramref name="client"/> (bounded); returns the attempts made and the other events that arrived first.
    /// </summary>
    private static async Task<(List<int> Attempts, List<ReceivedEvent> Earlier)> PostUntilOneArrivesAsync(
        GatewayHost producerSide, TestWebSocketClient client, string user, string runId)
    {
        var attempts = new List<int>();
        var earlier = new List<ReceivedEvent>();
        var arrival = client.ReceiveEventAsync(s_resumeWithin);
        await Eventually.TrueAsync(
            async () =>
            {
                if (!arrival.IsCompleted)
                {
                    var (status, _) = await producerSide.PostEventAsync(new { user, type = "agent_thinking", runId, data = new { attempt = attempts.Count } });
                    Assert.Equal(202, status);
                    attempts.Add(attempts.Count);
                    await Task.WhenAny(arrival, Task.Delay(200));
                    return false;
                }

                var received = await arrival;
                if (received.RunId == runId)
                {
                    Assert.Contains(received.Data.GetProperty("attempt").GetInt32(), attempts);
                    return true;
                }

                earlier.Add(received);
                arrival = client.ReceiveEventAsync(s_resumeWithin);
                return false;
            },
            $"an event of run {runId} reaches the client", s_resumeWithin);
        return (attempts, earlier);
    }
}
