using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Redis;

/// <summary>Real redis-server processes, checked through the gateway, including the server dying and hanging mid-run.</summary>
public sealed class RedisCheckTests
{
    [Fact]
    public async Task ReachableRefusedWrongPasswordAndBlackholedAreEachDescribed()
    {
        await using var server = await RedisServer.StartAsync(password: "redis-S3cret");
        await using var blackhole = BlackholeServer.Start();
        var services = new[] { "ok", "wrongPassword", "refused", "blackhole" };
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("ok", "redis", server.ConnectionString)
            .Service("wrongPassword", "redis", $"127.0.0.1:{server.Port},password=wrong-one")
            .Service("refused", "redis", $"127.0.0.1:{RefusedPort.Get()}", fields: ("Timeout", "00:00:10"))
            .Service("blackhole", "redis", $"127.0.0.1:{blackhole.Port}", fields: ("Timeout", "00:00:01"))
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries(services));

        Assert.Equal("Healthy", body.EntryStatus("ok"));
        Assert.StartsWith("PING in ", body.EntryDescription("ok"));
        Assert.Equal($"authentication failed (127.0.0.1:{server.Port})", body.EntryDescription("wrongPassword"));
        Assert.StartsWith("connection refused (127.0.0.1:", body.EntryDescription("refused"));
        Assert.StartsWith("timed out after 1 s", body.EntryDescription("blackhole"));
        Assert.True(body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
        Assert.DoesNotContain("redis-S3cret", body.ToString());
        Assert.DoesNotContain("wrong-one", body.ToString());
    }

    [Fact]
    public async Task TheFirstCheckAfterRedisDiesOrHangsStaysWithinItsTimeout()
    {
        await using var server = await RedisServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Service("redis", "redis", server.ConnectionString, critical: true, fields: ("Timeout", "00:00:01"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("redis") && b.EntryStatus("redis") == "Healthy");

        await server.StopAsync();
        var died = await gateway.WaitForReadinessAsync(b => b.EntryStatus("redis") == "Unhealthy");
        Assert.True(died.EntryDuration("redis") < TimeSpan.FromSeconds(2.5), $"took {died.EntryDuration("redis")}");

        await server.StartAgainAsync();
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("redis") == "Healthy");

        server.Freeze();
        try
        {
            var hung = await gateway.WaitForReadinessAsync(b => b.EntryStatus("redis") == "Unhealthy");
            Assert.StartsWith("timed out after 1 s", hung.EntryDescription("redis"));
            Assert.True(hung.EntryDuration("redis") < TimeSpan.FromSeconds(2.5), $"took {hung.EntryDuration("redis")}");
        }
        finally
        {
            server.Thaw();
        }

        await gateway.WaitForReadinessAsync(b => b.EntryStatus("redis") == "Healthy");
    }
}
