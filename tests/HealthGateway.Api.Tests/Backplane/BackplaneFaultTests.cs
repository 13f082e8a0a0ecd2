using System.Text;
using HealthGateway.Api.Backplane;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>
/// The backplane where it can go wrong: events whose JSON grows when re-encoded, a connection that dies between
/// Redis delivering a PUBLISH and answering it, a Redis that refuses PUBLISH, and a Redis that hangs.
/// </summary>
public sealed class BackplaneFaultTests
{
    [Theory]
    [InlineData("<", 20_060)] // the default JSON encoder would write each as \u003C: six times the size
    [InlineData("é", 40_000)] // likewise \u00E9 for each two bytes of UTF-8
    [InlineData("😀", 30_000)] // even the relaxed encoder writes each as \uD83D\uDE00: three times the size
    public async Task AnEventUnderTheLimitIsAcceptedWithTheBackplaneWhateverCharactersItsDataHolds(string character, int bodyBytes)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");
        var (body, text) = BodyOfSize(bodyBytes, "u1", "big", character);

        var (status, accepted) = await a.PostRawEventAsync(body);

        Assert.Equal(202, status);
        Assert.Equal("backplane", accepted.GetProperty("route").GetString());
        Assert.True(accepted.GetProperty("delivered").GetBoolean());
        var received = await client.ReceiveEventAsync();
        Assert.Equal("big", received.RunId);
        Assert.Equal(text, received.Data.GetProperty("x").GetString());
    }

    [Fact]
    public async Task AnEventTooLargeForTheBackplaneIsBadRequestNotAServerError()
    {
        // Ids of characters outside the BMP are escaped on the way to Redis (4 bytes become 12): with 64 of them in
        // both user and runId, a body of 64 KiB needs more than the 1 KiB of room a backplane message has.
        var ids = string.Concat(Enumerable.Repeat("😀", 64));
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        var (body, _) = BodyOfSize(65_536, ids, ids, "x");

        var (status, problem) = await a.PostRawEventAsync(body);

        Assert.Equal(400, status);
        Assert.Equal("Event too large", problem.GetProperty("title").GetString());
        Assert.Contains("at most 66560 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The replica goes on as before.
        Assert.Equal(202, (await a.PostEventAsync(new { user = "u1", type = "agent_started" })).Status);
    }

    [Fact]
    public async Task WhenThePublishingConnectionDiesAfterItsOwnCopyCameBackTheEventIsDeliveredOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var proxy = new CuttingRedisProxy(redis.Port);
        await using var a = await Replicas.Settings(proxy.ConnectionString).Set("HealthGateway:Backplane:PublishTimeout", "00:00:30").StartAsync();
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        proxy.SwallowRepliesAfterNextPublish();
        var posting = a.PostEventAsync(new { user = "u1", type = "agent_started", runId = "cut" });

        // Redis handed the message to the subscription (this replica delivered it), but its reply to PUBLISH never
        // arrives: then the connection dies, and PUBLISH fails although the event went out and was delivered.
        Assert.Equal("cut", (await client.ReceiveEventAsync()).RunId);
        await proxy.PublishAnswered.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(posting.IsCompleted);
        await proxy.CutAsync();

        var (status, accepted) = await posting;
        Assert.Equal(202, status);
        Assert.Equal("backplane", accepted.GetProperty("route").GetString());
        Assert.True(accepted.GetProperty("delivered").GetBoolean());
        await AssertNextIsAMarkerAsync(a, client);
    }

    [Fact]
    public async Task WhenThePublishingConnectionDiesBeforeItsOwnCopyComesBackTheEventIsDeliveredOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var proxy = new CuttingRedisProxy(redis.Port);
        await using var a = await Replicas.Settings(proxy.ConnectionString).Set("HealthGateway:Backplane:PublishTimeout", "00:00:30").StartAsync();
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        proxy.SwallowRepliesAfterNextPublish();
        proxy.HoldSubscriberPushes();
        var posting = a.PostEventAsync(new { user = "u1", type = "agent_started", runId = "cut" });
        await proxy.PublishAnswered.WaitAsync(TimeSpan.FromSeconds(10));
        await proxy.CutAsync();

        // PUBLISH failed, so the replica delivered the event itself; its copy, held until now, must then be skipped.
        var (status, accepted) = await posting;
        Assert.Equal(202, status);
        Assert.Equal("local-fallback", accepted.GetProperty("route").GetString());
        Assert.Equal("cut", (await client.ReceiveEventAsync()).RunId);
        proxy.ReleaseSubscriberPushes();
        await AssertNextIsAMarkerAsync(a, client);
    }

    [Fact]
    public async Task WhileRedisKeepsKillingThePublishingConnectionNoEventIsDeliveredTwice()
    {
        // Bounded in count and time. Before the claims were atomic this showed a duplicate every ~5,000 posts.
        const int maxPosts = 30_000;
        var postingBudget = TimeSpan.FromSeconds(12);
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.Settings(redis.ConnectionString).Set("HealthGateway:Notifications:SendQueueCapacity", "65536")
            .Set("HealthGateway:Notifications:MaxQueuedBytesPerConnection", "67108864").StartAsync();
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");

        using var stopKilling = new CancellationTokenSource();
        var kills = 0;
        var killer = Task.Run(async () =>
        {
            while (!stopKilling.IsCancellationRequested)
            {
                // Every connection of type normal but this one: the gateways' interactive ones, not the subscriptions.
                await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                kills++;
                await Task.Delay(30, stopKilling.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });
        var received = new List<int>();
        var receiving = Task.Run(async () =>
        {
            for (var next = await client.ReceiveEventAsync(); next.RunId != "marker"; next = await client.ReceiveEventAsync())
            {
                received.Add(next.Data.GetProperty("n").GetInt32());
            }
        });

        var posted = 0;
        var stopPosting = DateTime.UtcNow + postingBudget;
        try
        {
            while (posted < maxPosts && DateTime.UtcNow < stopPosting)
            {
                Assert.Equal(202, (await a.PostEventAsync(new { user = "u1", type = "agent_thinking", runId = "kill", data = new { n = posted } })).Status);
                posted++;
            }
        }
        finally
        {
            await stopKilling.CancelAsync();
            await killer;
        }

        // The marker goes the same way as the rest: through Redis once it is subscribed again, so it comes last.
        await a.WaitUntilSubscribedAsync();
        await a.PostEventAsync(new { user = "u1", type = "agent_completed", runId = "marker" });
        await receiving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(kills > 0);
        var twice = received.GroupBy(n => n).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        Assert.True(twice.Count == 0, $"{posted} posted, {kills} connection kills, {received.Count} received; twice: {string.Join(", ", twice.Take(10))}");
        Assert.All(received, n => Assert.InRange(n, 0, posted - 1));
    }

    [Fact]
    public async Task APublishRefusedByRedisIsDeliveredLocallyLoggedAndShownAsADegradedBackplane()
    {
        const string password = "limited-pw-0815";
        await using var redis = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();
        await db.ExecuteAsync("ACL", "SETUSER", "limited", "on", ">" + password, "~*", "&*", "+@all", "-publish");
        await using var a = await Replicas.StartAsync($"{redis.ConnectionString},user=limited,password={password}");
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");

        // Under load the backplane check may run before the subscription and truly say "not subscribed yet":
        // only what is logged from the refused publish on is about the refusal.
        var linesBefore = a.Logs.RenderedLines().Count();
        var (status, accepted) = await a.PostEventAsync(new { user = "u1", type = "agent_started", runId = "refused" });

        Assert.Equal(202, status);
        Assert.Equal("local-fallback", accepted.GetProperty("route").GetString());
        Assert.True(accepted.GetProperty("delivered").GetBoolean());
        Assert.Equal("refused", (await client.ReceiveEventAsync()).RunId);

        var degraded = await a.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryStatus("backplane") != "Healthy");
        Assert.Equal("Degraded", degraded.EntryStatus("backplane"));
        var description = degraded.EntryDescription("backplane");
        Assert.Contains("NOPERM", description, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{redis.Port}", description, StringComparison.Ordinal);
        Assert.Equal(200, (await a.GetJsonAsync("/health/ready")).Status);

        var lines = a.Logs.RenderedLines().ToList();
        Assert.Contains(lines, line => line.Contains("NOPERM", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(linesBefore), line => line.Contains("not subscribed", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain(password, line, StringComparison.Ordinal));

        // Nothing was published, so nothing is kept waiting for a copy.
        var claims = a.Services.GetRequiredService<OwnEventClaims>();
        Assert.Equal(0, claims.DeliveredDirectlyCount);
        Assert.DoesNotContain(password, description, StringComparison.Ordinal);

        // Once Redis lets it publish, events go through the channel again and the backplane is healthy.
        await db.ExecuteAsync("ACL", "SETUSER", "limited", "+publish");
        (status, accepted) = await a.PostEventAsync(new { user = "u1", type = "agent_thinking", runId = "allowed" });
        Assert.Equal(202, status);
        Assert.Equal("backplane", accepted.GetProperty("route").GetString());
        Assert.Equal("allowed", (await client.ReceiveEventAsync()).RunId);
        await a.WaitUntilSubscribedAsync();
    }

    [Fact]
    public async Task AHungRedisShowsTheBackplaneDegradedNamingItsTarget()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.Settings(redis.ConnectionString)
            .Set("HealthGateway:Backplane:PublishTimeout", "00:00:01")
            .Set("HealthGateway:DefaultTimeout", "00:00:08")
            .StartAsync();
        await a.WaitUntilSubscribedAsync();

        redis.Freeze();
        try
        {
            var hung = await a.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryStatus("backplane") != "Healthy");

            Assert.Equal("Degraded", hung.EntryStatus("backplane"));
            Assert.Contains($"127.0.0.1:{redis.Port}", hung.EntryDescription("backplane"), StringComparison.Ordinal);
            Assert.Contains("timed out", hung.EntryDescription("backplane"), StringComparison.Ordinal);
            Assert.Equal(200, (await a.GetJsonAsync("/health/ready")).Status);
        }
        finally
        {
            redis.Thaw();
        }
    }

    /// <summary>A raw body of exactly <paramref name="bytes"/> bytes whose data.x is <paramref name="character"/> repeated.</summary>
    private static (string Body, string Text) BodyOfSize(int bytes, string user, string runId, string character)
    {
        string Body(string text) => $$$"""{"user":"{{{user}}}","type":"agent_thinking","runId":"{{{runId}}}","data":{"x":"{{{text}}}"}}""";
        var room = bytes - Encoding.UTF8.GetByteCount(Body(""));
        var perCharacter = Encoding.UTF8.GetByteCount(character);
        var text = string.Concat(Enumerable.Repeat(character, room / perCharacter)) + new string('.', room % perCharacter);
        var body = Body(text);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(body));
        return (body, text);
    }

    /// <summary>Posts a marker event and checks it is the next thing the client sees: nothing else (no duplicate) came first.</summary>
    private static async Task AssertNextIsAMarkerAsync(GatewayHost replica, TestWebSocketClient client)
    {
        Assert.Equal(202, (await replica.PostEventAsync(new { user = client.User, type = "agent_completed", runId = "marker" })).Status);
        Assert.Equal("marker", (await client.ReceiveEventAsync()).RunId);
    }
}
