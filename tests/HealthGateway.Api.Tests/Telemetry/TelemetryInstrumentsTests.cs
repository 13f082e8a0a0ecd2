using System.Diagnostics;
using HealthGateway.Api.Diagnostics;
using HealthGateway.Api.Metrics;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HealthGateway.Api.Tests.Telemetry;

public sealed class TelemetryInstrumentsTests
{
    private const string Password = "InMemorySecretPassw0rd";

    [Fact]
    public async Task TheGatewayMeterHasStatusDurationAndCheckInstrumentsPerService()
    {
        var exported = new List<MetricSnapshot>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(GatewayMeter.Name).AddInMemoryExporter(exported).Build();
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("mem_api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("mem_legacy", "http", $"{target.BaseUrl}/status/503")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("mem_api", "mem_legacy"));

        // Disposing collects and exports one last time, and nothing writes to the list after it.
        meters.Dispose();

        // Other gateways run in this process too: look only at this test's services.
        var status = Points(exported, MetricNames.ServiceStatus).Where(p => Tag(p, "service") is "mem_api" or "mem_legacy").ToList();
        Assert.Equal(1, status.Last(p => Tag(p, "service") == "mem_api").GetGaugeLastValueDouble());
        Assert.Equal(0, status.Last(p => Tag(p, "service") == "mem_legacy").GetGaugeLastValueDouble());
        Assert.Equal("true", Tag(status.Last(p => Tag(p, "service") == "mem_api"), "critical"));

        var duration = Points(exported, MetricNames.CheckDuration).Last(p => Tag(p, "service") == "mem_api");
        Assert.Equal("http", Tag(duration, "kind"));
        Assert.True(duration.GetHistogramCount() >= 1);
        var bounds = new List<double>();
        foreach (var bucket in duration.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal([.. GatewayMeter.DurationBuckets, double.PositiveInfinity], bounds);
        Assert.Contains(Points(exported, MetricNames.Checks),
            p => Tag(p, "service") == "mem_legacy" && Tag(p, "status") == "Unhealthy" && p.GetSumLong() >= 1);
        Assert.Equal("s", exported.First(m => m.Name == MetricNames.CheckDuration).Unit);
    }

    [Fact]
    public async Task EachCheckRunIsASpanWithServiceKindStatusAndTargetButNoSecret()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler())
            .AddSource(CheckActivities.SourceName).AddInMemoryExporter(spans).Build();
        await using var target = await TargetServer.StartAsync();
        var port = RefusedPort.Get();
        await using var gateway = await new GatewaySettings()
            .Service("span_api", "http", $"{target.BaseUrl}/ok")
            .Service("span_db", "postgres", $"Host=127.0.0.1;Port={port};Username=postgres;Password={Password}")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("span_api", "span_db"));
        tracer.Dispose();

        var mine = Snapshot(spans).Where(s => s.GetTagItem("healthgateway.service") is "span_api" or "span_db").ToList();
        var db = mine.First(s => (string?)s.GetTagItem("healthgateway.service") == "span_db");
        Assert.Equal(CheckActivities.CheckRunName, db.OperationName);
        Assert.Equal("postgres", db.GetTagItem("healthgateway.kind"));
        Assert.Equal("Unhealthy", db.GetTagItem("healthgateway.status"));
        Assert.Equal($"127.0.0.1:{port}", db.GetTagItem("healthgateway.target"));
        Assert.Equal(ActivityStatusCode.Error, db.Status);
        var api = mine.First(s => (string?)s.GetTagItem("healthgateway.service") == "span_api");
        Assert.Equal(("http", "Healthy", ActivityStatusCode.Ok), (api.GetTagItem("healthgateway.kind"), api.GetTagItem("healthgateway.status"), api.Status));

        Assert.All(mine, span => Assert.All(span.TagObjects, tag => Assert.DoesNotContain(Password, tag.Value?.ToString() ?? "", StringComparison.Ordinal)));
        Assert.All(mine, span => Assert.DoesNotContain(Password, span.StatusDescription ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADiagnosticsRunIsASpanWithAChildPerEvent()
    {
        var spans = new List<Activity>();
        // Always on: a request span another test's tracer left unsampled must not make this one drop the run.
        using var tracer = Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler())
            .AddSource(DiagnosticsActivities.SourceName).AddInMemoryExporter(spans).Build();
        await using var gateway = await new GatewaySettings()
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        using var response = await gateway.Client.PostAsync("/diagnostics/notifier", null);
        response.EnsureSuccessStatusCode();
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        tracer.Dispose();

        // The run id is in the events the probe's own socket got; find this run's span by its children's parent.
        var all = Snapshot(spans);
        var runs = all.Where(s => s.OperationName == DiagnosticsActivities.RunName && Equals(s.GetTagItem("healthgateway.success"), true)).ToList();
        var run = runs.Single(r => all.Count(c => c.ParentSpanId == r.SpanId) == 5);
        var children = all.Where(c => c.ParentSpanId == run.SpanId).OrderBy(c => c.StartTimeUtc).ToList();
        Assert.Equal(["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"],
            children.Select(c => (string?)c.GetTagItem("healthgateway.event")));
        Assert.All(children, c => Assert.Equal((DiagnosticsActivities.EventName, ActivityStatusCode.Ok, run.TraceId), (c.OperationName, c.Status, c.TraceId)));
        Assert.True(body.GetProperty("success").GetBoolean());
    }

    private static List<Activity> Snapshot(List<Activity> spans) => [.. spans];

    private static IEnumerable<MetricPoint> Points(List<MetricSnapshot> exported, string name) =>
        exported.Where(m => m.Name == name).SelectMany(m => m.MetricPoints);

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
