using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// The notifier: latency of one full five-event diagnostics run (sequential POSTs), and fan-out: events per
/// second the manager delivers to many connected clients of one user, driven by a producer on POST /events.
/// </summary>
internal static class NotifierBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment, Report report, int runs, int fanOutClients, int fanOutRuns)
    {
        await using var gateway = await environment.StartGatewayAsync();

        // Latency: one run = connect a socket, five notify calls, five events received in order, close.
        for (var i = 0; i < 20; i++)
        {
            await PostAsync(gateway, "/diagnostics/notifier");
        }

        var latencies = new List<double>();
        var reported = new List<double>();
        var failures = 0;
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var (status, totalDuration) = await PostAsync(gateway, "/diagnostics/notifier");
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            reported.Add(totalDuration.TotalMilliseconds);
            failures += status == HttpStatusCode.OK ? 0 : 1;
        }

        report.Heading($"Notifier: {runs} sequential POST /diagnostics/notifier runs (five events each, over a real socket)");
        report.Table(["measured at", "p50", "p90", "p99", "max", "failed runs"],
        [
            ["client (whole HTTP request)", Ms(Stats.Percentile(latencies, 50)), Ms(Stats.Percentile(latencies, 90)), Ms(Stats.Percentile(latencies, 99)), Ms(latencies.Max()), failures.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["gateway (report's totalDuration)", Ms(Stats.Percentile(reported, 50)), Ms(Stats.Percentile(reported, 90)), Ms(Stats.Percentile(reported, 99)), Ms(reported.Max()), ""],
        ]);

        // Fan-out: N sockets of one user; each run is a producer posting the five events of one agent run to
        // POST /events, which queues each on all of them.
        await using var clients = await ClientPool.ConnectAsync(gateway, fanOutClients, _ => "fanout", concurrency: 50);
        var rates = new List<double>();
        var durations = new List<double>();
        for (var run = 0; run <= fanOutRuns; run++)
        {
            var delivered = clients.ExpectEach(5);
            var clock = Stopwatch.StartNew();
            foreach (var type in new[] { "agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed" })
            {
                using var content = new StringContent(
                    JsonSerializer.Serialize(new { user = "fanout", type, runId = $"bench-{run}", data = new { step = type } }),
                    System.Text.Encoding.UTF8, "application/json");
                using var response = await gateway.Client.PostAsync("/events", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"POST /events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            await delivered.WaitAsync(TimeSpan.FromSeconds(60));
            var elapsed = clock.Elapsed;
            if (run > 0)
            {
                // Run 0 is the warm-up (and proves every socket is registered).
                durations.Add(elapsed.TotalMilliseconds);
                rates.Add(5.0 * fanOutClients / elapsed.TotalSeconds);
            }
        }

        report.Heading($"Notifier fan-out: {fanOutClients} WebSocket clients of one user, {fanOutRuns} runs of five POST /events");
        report.Line($"Each run posts the five events of one agent run for that user; each is queued on all {fanOutClients} sockets ({5 * fanOutClients} deliveries); timed from the first POST until every client has read all five. Clients run in the benchmark process on the same 2 cores.");
        report.Line();
        report.Table(["", "median", "min", "max"],
        [
            ["events delivered per second", Format.N(Stats.Median(rates)), Format.N(rates.Min()), Format.N(rates.Max())],
            ["time for one run (5 × clients)", Ms(Stats.Median(durations)), Ms(durations.Min()), Ms(durations.Max())],
        ]);
    }

    private static string Ms(double milliseconds) => Format.Ms(milliseconds * 1000);

    private static async Task<(HttpStatusCode Status, TimeSpan TotalDuration)> PostAsync(ServerProcess gateway, string path)
    {
        using var response = await gateway.Client.PostAsync(path, content: null);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var total = body.TryGetProperty("totalDuration", out var duration) ? TimeSpan.Parse(duration.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Zero;
        return (response.StatusCode, total);
    }
}
