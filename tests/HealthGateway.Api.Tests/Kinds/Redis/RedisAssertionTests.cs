using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.Kinds.Redis;

/// <summary>ExpectKeys against a real redis-server: present keys pass, missing ones are named, and a key set later turns it healthy.</summary>
public sealed class RedisAssertionTests
{
    [Fact]
    public async Task MissingKeysAreNamedAndTheCheckPassesOnceTheyExist()
    {
        await using var server = await RedisServer.StartAsync(password: "redis-S3cret");
        await using (var seed = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            await seed.GetDatabase().StringSetAsync("config:loaded", "1");
        }

        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("present", "redis", server.ConnectionString, fields: ("ExpectKeys:0", "config:loaded"))
            .Service("oneMissing", "redis", server.ConnectionString, fields: [("ExpectKeys:0", "config:loaded"), ("ExpectKeys:1", "seed:done")])
            .Service("twoMissing", "redis", server.ConnectionString, fields: [("ExpectKeys:0", "seed:done"), ("ExpectKeys:1", "users:admin")])
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("present", "oneMissing", "twoMissing"));

        Assert.Equal("Healthy", body.EntryStatus("present"));
        Assert.StartsWith("PING and 1 key in ", body.EntryDescription("present"));
        Assert.Equal("Unhealthy", body.EntryStatus("oneMissing"));
        Assert.Equal($"key missing: seed:done (127.0.0.1:{server.Port})", body.EntryDescription("oneMissing"));
        Assert.Equal($"keys missing: seed:done, users:admin (127.0.0.1:{server.Port})", body.EntryDescription("twoMissing"));
        Assert.DoesNotContain("redis-S3cret", body.ToString());

        await using (var seed = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            await seed.GetDatabase().StringSetAsync("seed:done", "1");
        }

        var (_, fresh) = await gateway.GetJsonAsync("/health/ready?fresh=true");
        Assert.Equal("Healthy", fresh.EntryStatus("oneMissing"));
        Assert.StartsWith("PING and 2 keys in ", fresh.EntryDescription("oneMissing"));
        Assert.Equal($"key missing: users:admin (127.0.0.1:{server.Port})", fresh.EntryDescription("twoMissing"));
    }
}
