using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>What an operator sees of the backplane: the notifier diagnostics through Redis, and never its password.</summary>
public sealed class BackplaneDiagnosticsTests
{
    [Fact]
    public async Task DiagnosticsProveThePathThroughRedisAndFailWhenItIsGone()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();

        var (status, body) = await a.PostAsync("/diagnostics/notifier?timeout=10");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(AgentEventTypes.InRunOrder, body.GetProperty("events").EnumerateObject().Select(entry => entry.Name));
        var backplane = body.GetProperty("backplane");
        Assert.True(backplane.GetProperty("success").GetBoolean());
        Assert.Equal(
            $"5 events through Redis channel 'healthgateway:agent-events' (127.0.0.1:{redis.Port}) and back",
            backplane.GetProperty("description").GetString());

        await redis.StopAsync();
        await a.WaitForReadinessAsync(ready => ready.HasEntry("backplane") && ready.EntryStatus("backplane") == "Degraded");

        (status, body) = await a.PostAsync("/diagnostics/notifier?timeout=10");
        Assert.Equal(503, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.All(body.GetProperty("events").EnumerateObject(), entry => Assert.True(entry.Value.GetProperty("success").GetBoolean(), entry.Name));
        Assert.False(body.GetProperty("backplane").GetProperty("success").GetBoolean());
        Assert.StartsWith("agent_started was delivered on this replica only", body.GetProperty("backplane").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRedisPasswordAppearsInNoLogLineAndNoResponse()
    {
        const string password = "bp-S3cret-pw";
        const string wrongPassword = "wrong-pw-4711";
        await using var redis = await RedisServer.StartAsync(password: password);
        await using var good = await Replicas.Settings(redis.ConnectionString).Set("HealthGateway:Notifications:HealthCheckEnabled", "true").StartAsync();
        await using var bad = await Replicas.Settings($"127.0.0.1:{redis.Port},password={wrongPassword}").Set("HealthGateway:Notifications:HealthCheckEnabled", "true").StartAsync();

        var goodReady = await good.WaitUntilSubscribedAsync();
        var badReady = await bad.WaitForReadinessAsync(body => body.HasEntries("backplane", "notifier")
            && body.EntryDescription("backplane").Contains("authentication failed", StringComparison.Ordinal));
        Assert.Equal("Degraded", badReady.EntryStatus("backplane"));
        Assert.Contains("authentication failed", badReady.EntryDescription("backplane"), StringComparison.Ordinal);

        var texts = new List<string> { goodReady.ToString(), badReady.ToString() };
        foreach (var replica in new[] { good, bad })
        {
            texts.Add((await replica.PostEventAsync(new { user = "u1", type = "agent_started" })).Body.ToString());
            texts.Add((await replica.PostAsync("/diagnostics/notifier?timeout=5")).Body.ToString());
            texts.Add((await replica.GetJsonAsync("/health/services/backplane")).Body.ToString());
            texts.Add((await replica.GetJsonAsync("/health/ready")).Body.ToString());
        }

        texts.AddRange(good.Logs.RenderedLines());
        texts.AddRange(bad.Logs.RenderedLines());
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongPassword, text, StringComparison.Ordinal);
        });
    }
}
