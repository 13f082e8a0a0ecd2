using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Metrics;

public sealed class NotifierMetricsTests
{
    [Fact]
    public async Task NotifierRunsAreCountedByTriggerAndResult()
    {
        await using var gateway = await new GatewaySettings()
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:Notifications:HealthCheckEnabled", "true")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("notifier") && b.EntryStatus("notifier") == "Healthy");

        using var run = await gateway.Client.PostAsync("/diagnostics/notifier", null);
        run.EnsureSuccessStatusCode();
        var samples = PrometheusText.Parse(await gateway.Client.GetStringAsync("/metrics"));

        Assert.Contains(samples, s => s.Name == "healthgateway_notifier_runs_total"
            && s.Label("trigger") == "healthcheck" && s.Label("result") == "success" && s.Value >= 1);
        var requested = samples.Single(s => s.Name == "healthgateway_notifier_runs_total" && s.Label("trigger") == "request");
        Assert.Equal(("success", 1.0), (requested.Label("result"), requested.Value));
        Assert.Equal(1, samples.Single(s => s.Name == "healthgateway_notifier_run_duration_seconds_count" && s.Label("trigger") == "request").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "healthgateway_service_status" && s.Label("service") == "notifier").Value);
    }
}
