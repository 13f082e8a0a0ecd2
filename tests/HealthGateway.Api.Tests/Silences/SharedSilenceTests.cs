using HealthGateway.Api.Silences;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.Silences;

public sealed class SharedSilenceTests
{
    private static GatewaySettings Replica(RedisServer redis, TargetServer target) =>
        new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/ok")
            .Service("db", "tcp", $"127.0.0.1:{target.Port}")
            .Set("HealthGateway:Backplane:Redis", redis.ConnectionString);

    [Fact]
    public async Task TwoReplicasSeeTheSameSilencesThroughRedisAndTheySurviveARestart()
    {
        await using var redis = await RedisServer.StartAsync(password: "silence-secret");
        await using var target = await TargetServer.StartAsync();
        string id;
        await using (var first = await Replica(redis, target).StartAsync())
        await using (var second = await Replica(redis, target).StartAsync())
        {
            await second.WaitForReadinessAsync(b => b.HasEntries("api", "db"));
            var (status, created) = await first.CreateSilenceAsync(new { services = new[] { "db" }, duration = "02:00:00", reason = "failover drill" });
            Assert.Equal(201, status);
            id = created.GetProperty("id").GetString()!;

            var seen = Assert.Single(await second.ListSilencesAsync());
            Assert.Equal(id, seen.GetProperty("id").GetString());
            Assert.Equal("failover drill", seen.GetProperty("reason").GetString());

            // The other replica's readiness and webhooks learn of it from its refresh (about a second).
            var ready = await second.WaitForReadinessAsync(b => b.Silenced("db") is not null, TimeSpan.FromSeconds(15));
            Assert.Equal(id, ready.Silenced("db")!.Value.GetProperty("id").GetString());
        }

        // Both replicas gone; a new one finds the silence in Redis.
        await using (var restarted = await Replica(redis, target).StartAsync())
        {
            Assert.Equal(id, Assert.Single(await restarted.ListSilencesAsync()).GetProperty("id").GetString());
            await restarted.WaitForReadinessAsync(b => b.Silenced("db") is not null, TimeSpan.FromSeconds(15));
            await using var other = await Replica(redis, target).StartAsync();
            Assert.Equal(204, (await other.DeleteSilenceAsync(id)).Status);
            Assert.Empty(await restarted.ListSilencesAsync());
            await restarted.WaitForReadinessAsync(b => b.HasEntry("db") && b.Silenced("db") is null, TimeSpan.FromSeconds(15));
        }

        // Stored as one hash field per silence, and the password is nowhere in what the gateway answered.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.Equal(0, await connection.GetDatabase().HashLengthAsync(RedisSilenceStore.Key));
    }

    [Fact]
    public async Task WithRedisDownCreatingASilenceIsA503NamingRedisWithoutItsPassword()
    {
        var redis = await RedisServer.StartAsync(password: "silence-secret");
        await using var target = await TargetServer.StartAsync();
        var settings = Replica(redis, target);
        await redis.DisposeAsync();
        await using var gateway = await settings.StartAsync();

        var (status, problem) = await gateway.CreateSilenceAsync(new { services = new[] { "db" }, duration = "00:10:00", reason = "x" });

        Assert.Equal(503, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"127.0.0.1:{redis.Port}", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("silence-secret", detail, StringComparison.Ordinal);
    }
}
