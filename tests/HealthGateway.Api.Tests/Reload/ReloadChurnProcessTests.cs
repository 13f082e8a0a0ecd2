using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthGateway.Api.Tests.CommandLine;
using HealthGateway.Api.Tests.Metrics;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// Reload churn in a real gateway process under a container's heap limit: every cycle a reload adds a batch of http
/// services (each opens a connection to a real target) and removes the last batch. A removed service's handler and
/// connections must go when it is removed, not at the HttpClient handler's expiry minutes later.
/// </summary>
public sealed class ReloadChurnProcessTests : ReloadTestBase
{
    private const int ServicesPerCycle = 150;
    private const int Cycles = 8;

    // 96 MiB: the gateway with one batch lives well inside it; every removed batch kept alive for minutes does not.
    private const string HeapHardLimit = "0x6000000";

    [Fact]
    public async Task RemovedServicesLetGoOfTheirConnectionsAndHeapAtOnce()
    {
        var config = Path.Combine(SettingsFolder.FullName, "gateway.json");
        ReloadingGateway.Write(config, Batch(null));
        var port = FreePort.Get();
        await using var gateway = GatewayProcess.Start(["--config", config], new CliEnvironment
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["DOTNET_GCHeapHardLimit"] = HeapHardLimit,
            ["HealthGateway__PollInterval"] = "00:00:02",
            ["HealthGateway__ConfigReloadInterval"] = "00:00:00.200",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForEntriesAsync(http, gateway, 1);
        var baseline = await MeasureAsync(http, gateway.Id);

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            ReloadingGateway.Write(config, Batch(cycle));
            await WaitForEntriesAsync(http, gateway, 1 + ServicesPerCycle, $"c{cycle}_");
        }

        ReloadingGateway.Write(config, Batch(null));
        await WaitForEntriesAsync(http, gateway, 1);

        // The retired services' checks end within their timeout; their sockets close then, not at handler expiry.
        // The heap figure (GC.GetTotalMemory without a collection) still counts garbage no GC has come for yet, so
        // it is held to half the hard limit: what the old code kept (handlers, containers, connections) ran the
        // process out of its 96 MiB and aborted it within these eight cycles.
        var after = await Eventually.ReturnsAsync(() => MeasureAsync(http, gateway.Id),
            now => now.Fds <= baseline.Fds + 40 && now.HeapBytes <= 48 * 1024 * 1024,
            $"fds and heap back near the baseline ({baseline})", TimeSpan.FromSeconds(40));
        Assert.True(after.Fds <= baseline.Fds + 40, $"{after} vs {baseline}\n{gateway.Output}");
    }

    private JsonObject Batch(int? cycle)
    {
        var services = new List<(string, JsonObject)> { ("steady", ReloadingGateway.Http(Target.BaseUrl + "/ok")) };
        if (cycle is { } c)
        {
            services.AddRange(Enumerable.Range(0, ServicesPerCycle).Select(i => ($"c{c}_{i}", ReloadingGateway.Http(Target.BaseUrl + "/ok"))));
        }

        return ReloadingGateway.Settings(services);
    }

    private static async Task WaitForEntriesAsync(HttpClient http, GatewayProcess gateway, int count, string? prefix = null) =>
        await Eventually.ReturnsAsync(async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return body.GetProperty("entries").EnumerateObject().Select(e => e.Name).ToList();
        }, names => names.Count == count && (prefix is null || names.Count(n => n.StartsWith(prefix, StringComparison.Ordinal)) == count - 1),
            $"{count} services are checked\n{gateway.Output}", TimeSpan.FromSeconds(90));

    private static async Task<Usage> MeasureAsync(HttpClient http, int pid)
    {
        var samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        var heap = samples.Single(s => s.Name == "dotnet_total_memory_bytes").Value;
        return new Usage(Directory.GetFiles($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd").Length, (long)heap);
    }

    private sealed record Usage(int Fds, long HeapBytes)
    {
        public override string ToString() => $"{Fds} fds, heap {HeapBytes / 1024 / 1024} MiB";
    }
}
