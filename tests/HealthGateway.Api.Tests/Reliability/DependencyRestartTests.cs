using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// Real PostgreSQL and Redis servers stop and start again while one gateway keeps running: each is reported down
/// with the reason and up again, independently of the other, without restarting the gateway. (Redis alone, and a
/// frozen Redis, are covered in Checks/RedisCheckTests.)
/// </summary>
public sealed class DependencyRestartTests
{
    [Fact]
    public async Task PostgresAndRedisThatDieAndComeBackAreUnhealthyThenHealthyAgainEachOnItsOwn()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Service("database", "postgres", postgres.ConnectionString, critical: true, ("Timeout", "00:00:01"))
            .Service("cache", "redis", redis.ConnectionString, critical: true, ("Timeout", "00:00:01"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("database", "cache") && b.EntryStatus("database") == "Healthy" && b.EntryStatus("cache") == "Healthy");

        await postgres.StopAsync();
        await redis.StopAsync();
        var down = await gateway.WaitForReadinessAsync(b =>
            b.EntryDescription("database").StartsWith("connection refused", StringComparison.Ordinal) && b.EntryStatus("cache") == "Unhealthy");
        Assert.Equal("Unhealthy", down.EntryStatus("database"));
        Assert.Equal($"connection refused (127.0.0.1:{postgres.Port})", down.EntryDescription("database"));
        Assert.EndsWith($"(127.0.0.1:{redis.Port})", down.EntryDescription("cache"), StringComparison.Ordinal);
        Assert.Equal(["cache", "database"], down.Strings("unavailableServices").Order());
        Assert.Equal(503, (await gateway.GetJsonAsync("/health/ready")).Status);

        await postgres.StartAgainAsync();
        var half = await gateway.WaitForReadinessAsync(b => b.EntryStatus("database") == "Healthy");
        Assert.Equal("Unhealthy", half.EntryStatus("cache"));
        Assert.Equal(["cache"], half.Strings("unavailableServices"));

        await redis.StartAgainAsync();
        var up = await gateway.WaitForReadinessAsync(b => b.EntryStatus("cache") == "Healthy");
        Assert.Equal("Healthy", up.EntryStatus("database"));
        Assert.Equal(200, (await gateway.GetJsonAsync("/health/ready")).Status);

        // One transition log line per change, in order, for each.
        var (_, details) = await gateway.GetJsonAsync("/health/services/database");
        Assert.Equal(["Healthy", "Unhealthy", "Healthy"], details.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()));
    }
}
