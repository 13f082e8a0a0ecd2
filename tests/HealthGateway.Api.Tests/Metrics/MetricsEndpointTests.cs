using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MetricsHasOneStatusSeriesPerServiceWithItsValueAndFollowsATransition()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .Service("slow", "http", $"{target.BaseUrl}/slow/300", fields: ("DegradedAfter", "00:00:00.100"))
            .Service("legacy", "http", $"{target.BaseUrl}/status/503")
            .Service("cache", "tcp", $"127.0.0.1:{target.Port}")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "slow", "legacy", "cache"));

        var samples = await ScrapeAsync(gateway);
        var status = StatusSeries(samples);
        Assert.Equal(["api", "cache", "legacy", "slow"], status.Keys.Order());
        Assert.Equal(1, status["api"].Value);
        Assert.Equal(0.5, status["slow"].Value);
        Assert.Equal(0, status["legacy"].Value);
        Assert.Equal(1, status["cache"].Value);
        Assert.Equal(("http", "true"), (status["api"].Label("kind"), status["api"].Label("critical")));
        Assert.Equal(("tcp", "false"), (status["cache"].Label("kind"), status["cache"].Label("critical")));
        Assert.Equal(1, Single(samples, "healthgateway_ready").Value);
        Assert.Equal(0.5, Single(samples, "healthgateway_status").Value);

        target.SetFlappyStatus(503);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Unhealthy");
        samples = await ScrapeAsync(gateway);
        status = StatusSeries(samples);
        Assert.Equal(4, status.Count);
        Assert.Equal(0, status["api"].Value);
        Assert.Equal(0, Single(samples, "healthgateway_ready").Value);
        Assert.Equal(0, Single(samples, "healthgateway_status").Value);

        target.SetFlappyStatus(200);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Healthy");
        samples = await ScrapeAsync(gateway);
        Assert.Equal(1, StatusSeries(samples)["api"].Value);
        Assert.Equal(1, Single(samples, "healthgateway_ready").Value);
    }

    [Fact]
    public async Task MetricsHasACheckDurationHistogramPerServiceAndProcessMetrics()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("cache", "tcp", $"127.0.0.1:{target.Port}")
            .Service("legacy", "http", $"{target.BaseUrl}/status/503")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "cache", "legacy"));

        using var response = await gateway.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        foreach (var (service, kind) in new[] { ("api", "http"), ("cache", "tcp") })
        {
            var count = samples.Single(s => s.Name == "healthgateway_check_duration_seconds_count" && s.Label("service") == service);
            Assert.Equal(kind, count.Label("kind"));
            Assert.True(count.Value >= 1, $"{service} has no observed check");
            var infinity = samples.Single(s => s.Name == "healthgateway_check_duration_seconds_bucket" && s.Label("service") == service && s.Label("le") == "+Inf");
            Assert.Equal(count.Value, infinity.Value);
        }

        Assert.Contains(samples, s => s.Name == "healthgateway_checks_total" && s.Label("service") == "legacy" && s.Label("status") == "Unhealthy" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "healthgateway_checks_total" && s.Label("service") == "api" && s.Label("status") == "Healthy" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "process_cpu_seconds_total");
        Assert.Contains(samples, s => s.Name == "process_working_set_bytes" && s.Value > 0);
        Assert.Contains(samples, s => s.Name == "dotnet_total_memory_bytes" && s.Value > 0);
    }

    [Fact]
    public async Task AServiceNotCheckedYetHasNoStatusSeries()
    {
        await using var blackhole = BlackholeServer.Start();
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("hung", "http", blackhole.HttpUrl, fields: ("Timeout", "00:01:00"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        // A status of 0 for a service nobody has heard from yet would page someone for nothing.
        var status = StatusSeries(await ScrapeAsync(gateway));
        Assert.Equal(["api"], status.Keys);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(GatewayHost gateway) =>
        PrometheusText.Parse(await gateway.Client.GetStringAsync("/metrics"));

    private static Dictionary<string, PrometheusSample> StatusSeries(IReadOnlyList<PrometheusSample> samples) =>
        samples.Where(s => s.Name == "healthgateway_service_status").ToDictionary(s => s.Label("service"));

    private static PrometheusSample Single(IReadOnlyList<PrometheusSample> samples, string name) => samples.Single(s => s.Name == name);
}
