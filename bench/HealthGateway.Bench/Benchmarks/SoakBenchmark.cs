using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// About a minute of readiness load (wrk, counting 200 / 503 / anything else) while the dependencies misbehave:
/// a critical HTTP service flapping every 3 s, Redis frozen, the backend blackholed and then refused, PostgreSQL
/// stopped and started again. Samples the gateway's RSS and threads, and its thread pool through dotnet-counters.
/// </summary>
internal static class SoakBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment, Report report, TimeSpan duration)
    {
        var targets = environment.GatewayTargets;
        await using var gateway = await environment.StartGatewayAsync(new Dictionary<string, string>
        {
            ["HealthGateway__PollInterval"] = "00:00:01",
            ["HealthGateway__Services__flappy__Kind"] = "http",
            ["HealthGateway__Services__flappy__Url"] = $"{targets.Http.BaseUrl}/flappy",
            ["HealthGateway__Services__flappy__Critical"] = "true",
            ["HealthGateway__Services__flappy__Timeout"] = "00:00:02",
            ["HealthGateway__Services__redis__Timeout"] = "00:00:02",
            ["HealthGateway__Services__database__Timeout"] = "00:00:02",
        }, "gateway-soak");

        var tool = RuntimeCounters.FindTool(environment.Paths);
        await using var counters = tool is null ? null : RuntimeCounters.Start(tool, gateway.Process.Pid, duration + TimeSpan.FromSeconds(5), environment.Paths.ResultsDirectory);

        var load = Wrk.RunAsync(gateway.Url("/health/ready"), duration, environment.Paths.WrkStatusScript);
        var clock = Stopwatch.StartNew();
        var memory = new List<(TimeSpan At, double Rss, int Threads)>();
        var events = new List<string>();
        var faults = RunFaultsAsync(environment, clock, duration, events);
        while (!load.IsCompleted)
        {
            memory.Add((clock.Elapsed, gateway.Process.RssMiB(), gateway.Process.Threads()));
            await Task.WhenAny(load, Task.Delay(2000));
        }

        var result = await load;
        await faults;

        // Everything is back: the gateway must say so, and still answer.
        var recovered = await gateway.Client.GetAsync("/health/ready?wait=30");
        var live = await gateway.Client.GetAsync("/health/live");
        var transitions = new List<string>();
        foreach (var service in new[] { "flappy", "backend_api", "redis", "database" })
        {
            var details = JsonDocument.Parse(await gateway.Client.GetStringAsync($"/health/services/{service}")).RootElement;
            transitions.Add($"{service} {details.GetProperty("transitions").GetArrayLength()}");
        }

        var other = result.StatusOther ?? -1;
        report.Heading($"Soak: {duration.TotalSeconds:0} s of wrk -t2 -c64 on /health/ready while dependencies flap (PollInterval 1 s)");
        report.Line("Faults: " + string.Join("; ", events));
        report.Line();
        report.Table(["", "value"],
        [
            ["requests", Format.N(result.Requests)],
            ["200 / 503 / anything else", $"{Format.N(result.Status200 ?? 0)} / {Format.N(result.Status503 ?? 0)} / **{Format.N(other)}**"],
            ["socket errors (connect / read / write / timeout)", $"{result.ConnectErrors} / {result.ReadErrors} / {result.WriteErrors} / {result.Timeouts}"],
            ["req/s, p50, p99, max", $"{Format.N(result.RequestsPerSecond)}, {Format.Ms(result.P50Us)}, {Format.Ms(result.P99Us)}, {Format.Ms(result.MaxUs)}"],
            ["state transitions recorded (the last 20 are kept per service)", string.Join(", ", transitions)],
            ["after the faults: /health/ready?wait=30, /health/live", $"{(int)recovered.StatusCode}, {(int)live.StatusCode}"],
            ["RSS first 10 s (mean) → last 10 s (mean), max", RssDrift(memory)],
            ["RSS every 10 s", string.Join(", ", memory.Where((_, i) => i % 5 == 0).Select(m => Format.N(m.Rss, 0)))],
            ["threads min–max", $"{memory.Min(m => m.Threads)}–{memory.Max(m => m.Threads)}"],
            ["thread-pool queue length (dotnet-counters, 1 s samples) max / mean", counters is null ? "n/a (dotnet-counters not installed)" : Summary(counters.Samples("ThreadPool Queue Length"))],
            ["thread-pool threads (dotnet-counters) min–max", counters is null ? "n/a" : Range(counters.Samples("ThreadPool Thread Count"))],
            ["GC heap size (dotnet-counters) min–max", counters is null ? "n/a" : Range(counters.Samples("GC Heap Size")) + " MB"],
            ["exceptions thrown per second (dotnet-counters) mean / max", counters is null ? "n/a" : Summary(counters.Samples("Exception Count"), reverse: true)],
        ]);
        var clean = other == 0 && result.SocketErrors == 0 && recovered.StatusCode == HttpStatusCode.OK && live.StatusCode == HttpStatusCode.OK;
        report.Line($"- errors other than the intended 503s: {other} responses, {result.SocketErrors} socket errors; target 0: **{(clean ? "met" : "MISSED")}**");
        report.Line();
    }

    private static async Task RunFaultsAsync(BenchEnvironment environment, Stopwatch clock, TimeSpan duration, List<string> events)
    {
        var targets = environment.GatewayTargets;
        var flappy = false;
        var schedule = new (double At, string What, Func<Task> Action)[]
        {
            (10, "Redis frozen (SIGSTOP)", () => { targets.Redis.Freeze(); return Task.CompletedTask; }),
            (16, "thawed", () => { targets.Redis.Thaw(); return Task.CompletedTask; }),
            (20, "backend blackholed", () => { targets.Proxy.Switch(FaultMode.Blackhole); return Task.CompletedTask; }),
            (26, "forwarding again", () => { targets.Proxy.Switch(FaultMode.Forward); return Task.CompletedTask; }),
            (30, "PostgreSQL stopped", () => environment.Postgres.StopAsync()),
            (38, "started again", () => environment.Postgres.StartAgainAsync()),
            (44, "backend refused", () => { targets.Proxy.Switch(FaultMode.Refuse); return Task.CompletedTask; }),
            (49, "forwarding again", () => { targets.Proxy.Switch(FaultMode.Forward); return Task.CompletedTask; }),
        };
        events.Add("flappy's HTTP status toggles 200 ⇄ 503 every 3 s throughout");
        var next = 0;
        var nextFlap = 3.0;
        var end = duration.TotalSeconds - 3;
        while (clock.Elapsed.TotalSeconds < end)
        {
            var now = clock.Elapsed.TotalSeconds;
            if (now >= nextFlap)
            {
                flappy = !flappy;
                targets.Http.SetFlappyStatus(flappy ? 503 : 200);
                nextFlap += 3;
            }

            while (next < schedule.Length && now >= schedule[next].At * duration.TotalSeconds / 60)
            {
                await schedule[next].Action();
                events.Add($"{schedule[next].What} at {now:0} s");
                next++;
            }

            await Task.Delay(100);
        }

        // Whatever the duration, end healthy.
        targets.Http.SetFlappyStatus(200);
        targets.Redis.Thaw();
        targets.Proxy.Switch(FaultMode.Forward);
        for (; next < schedule.Length; next++)
        {
            if (schedule[next].What.StartsWith("started again", StringComparison.Ordinal))
            {
                await schedule[next].Action();
            }
        }
    }

    private static string RssDrift(List<(TimeSpan At, double Rss, int Threads)> memory)
    {
        var end = memory[^1].At;
        var first = memory.Where(m => m.At <= TimeSpan.FromSeconds(10)).Select(m => m.Rss).DefaultIfEmpty(memory[0].Rss).Average();
        var last = memory.Where(m => m.At >= end - TimeSpan.FromSeconds(10)).Select(m => m.Rss).Average();
        return $"{Format.N(first, 1)} → {Format.N(last, 1)} MiB ({(last - first >= 0 ? "+" : "")}{Format.N(last - first, 1)}), max {Format.N(memory.Max(m => m.Rss), 1)} MiB";
    }

    private static string Summary(IReadOnlyList<double> values, bool reverse = false) =>
        values.Count == 0 ? "no samples"
        : reverse ? $"{Format.N(values.Average(), 1)} / {Format.N(values.Max(), 0)} ({values.Count} samples)"
        : $"{Format.N(values.Max(), 0)} / {Format.N(values.Average(), 1)} ({values.Count} samples)";

    private static string Range(IReadOnlyList<double> values) =>
        values.Count == 0 ? "no samples" : $"{Format.N(values.Min(), 0)}–{Format.N(values.Max(), 0)}";
}
