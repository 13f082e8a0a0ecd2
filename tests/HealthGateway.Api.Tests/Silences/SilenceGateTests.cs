using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Metrics;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Silences;

public sealed class SilenceGateTests
{
    [Fact]
    public async Task ASilencedCriticalServiceStillGatesUnlessTheSilenceSaysGateFalse()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("search", "http", $"{target.BaseUrl}/status/503", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "search"));
        Assert.Equal(503, (await gateway.GetJsonAsync("/health/ready")).Status);

        // gate: true (the default) mutes alerts only: the gate stays shut.
        var (_, gating) = await gateway.CreateSilenceAsync(new { services = new[] { "search" }, duration = "00:30:00", reason = "reindex" });
        var (status, ready) = await gateway.GetJsonAsync("/health/ready");
        Assert.Equal(503, status);
        Assert.True(ready.Silenced("search")!.Value.GetProperty("gate").GetBoolean());
        Assert.Contains("search", ready.Strings("unavailableServices"));

        var (created, ungated) = await gateway.CreateSilenceAsync(new { services = new[] { "search" }, duration = "00:30:00", reason = "planned outage", gate = false });
        Assert.Equal(201, created);
        (status, ready) = await gateway.GetJsonAsync("/health/ready");
        Assert.Equal(200, status);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", ready.EntryStatus("search"));
        Assert.False(ready.Silenced("search")!.Value.GetProperty("gate").GetBoolean());
        Assert.DoesNotContain("search", ready.Strings("unavailableServices"));
        Assert.DoesNotContain("search", ready.Strings("criticalServices"));
        Assert.Contains("api", ready.Strings("criticalServices"));

        // A 200 obtained through a silence says so: the down critical service, why it is silenced and until when.
        var listed = Assert.Single(ready.GetProperty("silencedServices").EnumerateArray());
        Assert.Equal("search", listed.GetProperty("name").GetString());
        Assert.Equal("Unhealthy", listed.GetProperty("status").GetString());
        Assert.Equal("planned outage", listed.GetProperty("reason").GetString());
        Assert.Equal(ungated.GetProperty("until").GetDateTimeOffset(), listed.GetProperty("until").GetDateTimeOffset());
        Assert.False(listed.GetProperty("gate").GetBoolean());

        // The gauges agree with the endpoint.
        var samples = PrometheusText.Parse(await gateway.Client.GetStringAsync("/metrics"));
        Assert.Equal(1, samples.Single(s => s.Name == "healthgateway_ready").Value);

        // ?wait answers at once now that the gate is open without search.
        Assert.Equal(200, (await gateway.GetJsonAsync("/health/ready?wait=5")).Status);

        Assert.Equal(204, (await gateway.DeleteSilenceAsync(ungated.GetProperty("id").GetString()!)).Status);
        Assert.Equal(503, (await gateway.GetJsonAsync("/health/ready")).Status);
        Assert.Equal(204, (await gateway.DeleteSilenceAsync(gating.GetProperty("id").GetString()!)).Status);
        Assert.Empty((await gateway.GetJsonAsync("/health/ready")).Body.GetProperty("silencedServices").EnumerateArray());
    }
}
