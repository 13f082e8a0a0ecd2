using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// Time to detect: the critical HTTP target is blackholed (a hung server: connections open, nothing answers) or
/// refused (a dead one) at a known instant, at a random phase of the poll, and /health/ready is polled every 10 ms
/// until it says 503. PollInterval 2 s, the target's Timeout 2 s.
/// </summary>
internal static class DetectionBenchmark
{
    private static readonly TimeSpan _pollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(BenchEnvironment environment, Report report, int repetitions)
    {
        await using var gateway = await environment.StartGatewayAsync();
        var proxy = environment.GatewayTargets.Proxy;
        var rows = new List<IReadOnlyList<string>>();
        var summary = new List<string>();
        foreach (var (mode, budget) in new[] { (FaultMode.Blackhole, _pollInterval + _timeout + TimeSpan.FromSeconds(0.5)), (FaultMode.Refuse, _pollInterval + TimeSpan.FromSeconds(0.1)) })
        {
            var detections = new List<TimeSpan>();
            for (var repetition = 1; repetition <= repetitions; repetition++)
            {
                await WaitForStatusAsync(gateway, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)_pollInterval.TotalMilliseconds)));

                var clock = Stopwatch.StartNew();
                proxy.Switch(mode);
                var (detected, description) = await WaitForStatusAsync(gateway, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), clock);
                proxy.Switch(FaultMode.Forward);
                var restored = Stopwatch.StartNew();
                var (recovered, _) = await WaitForStatusAsync(gateway, HttpStatusCode.OK, TimeSpan.FromSeconds(30), restored);
                detections.Add(detected);
                Console.WriteLine($"  {mode} #{repetition}: 503 after {Format.S(detected)} ({description}); 200 again {Format.S(recovered)} after restore");
                rows.Add([mode == FaultMode.Blackhole ? "blackholed" : "refused", repetition.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Format.S(detected), Format.S(recovered), description, Format.S(budget), detected <= budget ? "met" : "MISSED"]);
            }

            summary.Add($"- {(mode == FaultMode.Blackhole ? "blackholed" : "refused")}: median {Format.S(TimeSpan.FromSeconds(Stats.Median(detections.Select(d => d.TotalSeconds))))}, " +
                $"max {Format.S(detections.Max())}, target ≤ {Format.S(budget)}: **{(detections.All(d => d <= budget) ? "met" : "MISSED")}** in {detections.Count(d => d <= budget)} of {detections.Count}");
        }

        report.Heading($"Time to detect a critical target failing (PollInterval {_pollInterval.TotalSeconds:0} s, Timeout {_timeout.TotalSeconds:0} s, readiness polled every 10 ms)");
        report.Table(["failure", "#", "until 503", "until 200 after restore", "description in the 503", "target", ""], rows);
        foreach (var line in summary)
        {
            report.Line(line);
        }

        report.Line();
    }

    private static async Task<(TimeSpan Elapsed, string Description)> WaitForStatusAsync(ServerProcess gateway, HttpStatusCode wanted, TimeSpan within, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            using var response = await gateway.Client.GetAsync("/health/ready");
            if (response.StatusCode == wanted)
            {
                var elapsed = clock.Elapsed;
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var description = body.GetProperty("entries").TryGetProperty("backend_api", out var entry)
                    ? entry.GetProperty("description").GetString() ?? ""
                    : "";
                return (elapsed, description);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"readiness never turned {(int)wanted}");
    }
}
