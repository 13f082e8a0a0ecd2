using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Redis;

/// <summary>
/// A password-protected redis-server frozen and thawed, or killed, while the gateway polls it: every description
/// says the current cause, and only a refused password is ever called an authentication failure.
/// </summary>
public sealed class RedisOutageDescriptionTests
{
    [Fact]
    public async Task AFrozenThenResumedRedisWithTheRightPasswordIsNeverCalledAnAuthenticationFailure()
    {
        await using var server = await RedisServer.StartAsync(password: "redis-Fr0zen");
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Service("redis", "redis", server.ConnectionString, critical: true, fields: ("Timeout", "00:00:01"))
            .Service("wrongPassword", "redis", $"127.0.0.1:{server.Port},password=not-it", fields: ("Timeout", "00:00:01"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("redis", "wrongPassword") && b.EntryStatus("redis") == "Healthy");

        var seen = new List<string>();
        server.Freeze();
        try
        {
            // What the frozen server is called depends on which side gives up first (our deadline or the client's
            // own timeout); that it is never a refused password is what matters here.
            await CollectAsync(gateway, seen, TimeSpan.FromSeconds(4));
        }
        finally
        {
            server.Thaw();
        }

        // Every description on the way back counts too.
        await gateway.WaitForReadinessAsync(body =>
        {
            seen.Add(body.EntryDescription("redis"));
            return body.EntryStatus("redis") == "Healthy";
        });

        var (_, details) = await gateway.GetJsonAsync("/health/services/redis");
        seen.AddRange(details.GetProperty("history").EnumerateArray().Select(r => r.GetProperty("description").GetString()!));
        seen.AddRange(details.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("reason").GetString()!));
        Assert.DoesNotContain(seen, description => description.Contains("authentication", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(gateway.Logs.RenderedLines(), line =>
            line.Contains("authentication failed", StringComparison.Ordinal) && !line.Contains("wrongPassword", StringComparison.Ordinal));

        // The same server with a wrong password is still told apart, once its check has run since the thaw (its
        // last result may still be the freeze's timeout).
        await gateway.WaitForReadinessAsync(body => body.EntryDescription("wrongPassword") == $"authentication failed (127.0.0.1:{server.Port})");
    }

    [Fact]
    public async Task AKilledRedisIsReportedAsRefusedWhileItsPortRefuses()
    {
        await using var server = await RedisServer.StartAsync(password: "redis-K1lled");
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Service("redis", "redis", server.ConnectionString, critical: true, fields: ("Timeout", "00:00:01"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("redis") && b.EntryStatus("redis") == "Healthy");

        await server.KillAsync();

        // A few polls: the first check after the kill may see the dropped connection; from then on the port refuses.
        var refused = await gateway.WaitForReadinessAsync(
            b => b.EntryDescription("redis") == $"connection refused (127.0.0.1:{server.Port})", TimeSpan.FromSeconds(10));
        Assert.Equal("Unhealthy", refused.EntryStatus("redis"));

        // And it stays the current cause, not a recollection of how the connection was lost.
        var seen = new List<string>();
        await CollectAsync(gateway, seen, TimeSpan.FromSeconds(2));
        Assert.All(seen, description => Assert.Equal($"connection refused (127.0.0.1:{server.Port})", description));

        await server.StartAgainAsync();
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("redis") == "Healthy");
    }

    private static async Task CollectAsync(GatewayHost gateway, List<string> seen, TimeSpan during)
    {
        var until = DateTime.UtcNow + during;
        while (DateTime.UtcNow < until)
        {
            var (_, body) = await gateway.GetJsonAsync("/health/ready");
            seen.Add(body.EntryDescription("redis"));
            await Task.Delay(50);
        }
    }
}
