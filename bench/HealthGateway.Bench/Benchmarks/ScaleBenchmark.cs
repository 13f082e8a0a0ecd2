using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HealthGateway.Bench.Infrastructure;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// One gateway with N http services (100, 1,000, 10,000), every one a different URL on one fast local target, and in
/// the same run Debian's blackbox_exporter probing the same target at the same rate. Reports the first sweep, the
/// start-up (to the first /health/live answer), the CPU per check, RSS per service, /health/ready latency and size, and /health/live p99 during the first sweep.
/// Everything on 127.0.0.1; each step bounded.
/// </summary>
internal static class ScaleBenchmark
{
    private const string Exporter = "/usr/bin/prometheus-blackbox-exporter";

    public static async Task RunAsync(BenchPaths paths, Report report, IReadOnlyList<int> sizes, TimeSpan window)
    {
        await using var target = await StartTargetAsync();
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            var interval = size >= 10_000 ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(2);
            Row row;
            try
            {
                row = await MeasureGatewayAsync(paths, target, size, interval, window);
            }
            catch (InvalidOperationException exception)
            {
                // A size that did not come up is a result too (the smaller ones are still reported).
                report.Line($"- {Format.N(size)} services: {exception.Message.Split('\n')[0]}");
                continue;
            }

            row = row with { Exporter = await MeasureExporterAsync(target, size / interval.TotalSeconds, window) };
            rows.Add(row);
            Console.WriteLine($"{size} services: {row}");
        }

        // RSS per service: above the smallest size's RSS, per service added (the runtime's own share cancels out).
        var smallest = rows[0];
        rows = [smallest, .. rows.Skip(1).Select(r => r with { RssPerServiceKiB = (r.RssMiB - smallest.RssMiB) * 1024 / (r.Services - smallest.Services) })];
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        report.Heading($"Scale: N http services on one gateway vs blackbox_exporter (load average {string.Join(" ", load)})");
        report.Table(
            ["services", "poll", "start-up (to /health/live)", "first sweep (after it)", "/health/live p99 during it (max)", "CPU per check", "RSS", "RSS per service", "/health/ready (median, p99)", "body",
             "blackbox CPU per probe", "blackbox RSS", "CPU ratio"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                Format.N(r.Services), Format.S(r.Interval), Format.S(r.StartUp), Format.S(r.FirstSweep), $"{Format.N(r.LiveP99Ms, 1)} ms ({Format.N(r.LiveMaxMs, 1)} ms, {r.LiveSamples} requests)",
                $"{Format.N(r.CpuPerCheckUs, 0)} µs", $"{Format.N(r.RssMiB, 1)} MiB", r.RssPerServiceKiB is { } kib ? $"{Format.N(kib, 1)} KiB" : "(baseline)",
                $"{Format.N(r.ReadyMedianMs, 1)} / {Format.N(r.ReadyP99Ms, 1)} ms", $"{Format.N(r.BodyBytes / 1024.0, 0)} KiB",
                r.Exporter is { } e ? $"{Format.N(e.CpuPerProbeUs, 0)} µs ({Format.N(e.ProbesPerSecond, 0)}/s)" : "-",
                r.Exporter is { } e2 ? $"{Format.N(e2.RssMiB, 1)} MiB" : "-",
                r.Exporter is { } e3 ? $"{r.CpuPerCheckUs / e3.CpuPerProbeUs:0.00}×" : "-",
            ]));
        if (rows.FirstOrDefault(r => r.Services == 1_000) is { } thousand && rows.FirstOrDefault(r => r.Services == 10_000) is { } tenThousand)
        {
            report.Line($"- 1,000 → 10,000 services: start-up ×{tenThousand.StartUp / thousand.StartUp:0.0}, first sweep ×{tenThousand.FirstSweep / thousand.FirstSweep:0.0}, CPU per check ×{tenThousand.CpuPerCheckUs / thousand.CpuPerCheckUs:0.00}, RSS per service "
                        + $"×{tenThousand.RssPerServiceKiB / thousand.RssPerServiceKiB:0.00}, /health/ready median ×{tenThousand.ReadyMedianMs / thousand.ReadyMedianMs:0.0} for ×10 services");
        }

        report.Line();
    }

    private static async Task<Row> MeasureGatewayAsync(BenchPaths paths, ScaleTarget target, int size, TimeSpan interval, TimeSpan window)
    {
        var config = Path.Combine(Path.GetTempPath(), $"scale-{size}-{Environment.ProcessId}.json");
        var services = new Dictionary<string, object>();
        for (var i = 0; i < size; i++)
        {
            services[$"svc{i}"] = new Dictionary<string, object> { ["Kind"] = "http", ["Url"] = $"{target.BaseUrl}/s/{i}", ["Timeout"] = "00:00:05" };
        }

        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["HealthGateway"] = new Dictionary<string, object> { ["PollInterval"] = interval.ToString("c", CultureInfo.InvariantCulture), ["Services"] = services },
        }));
        var port = FreePort.Get();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        foreach (var shipped in new[] { "backend_api", "auth_service", "websocket_endpoint", "database", "redis" })
        {
            environment[$"HealthGateway__Services__{shipped}__Enabled"] = "false";
        }

        var (file, arguments) = ServerProcess.GatewayCommand(paths.GatewayDll);
        await using var gateway = ChildProcess.Start($"gateway-{size}", file, [.. arguments, "--config", config], environment);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };

        // /health/live from its first answer until the first sweep ends, one request at a time, as a kubelet would.
        var up = Stopwatch.StartNew();
        while (!await AnswersAsync(client, "/health/live"))
        {
            if (gateway.HasExited || up.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new InvalidOperationException($"the gateway did not answer /health/live within {up.Elapsed.TotalSeconds:0} s of its start\n{gateway.Tail()}");
            }

            await Task.Delay(50);
        }

        var startUp = up.Elapsed;
        var sweep = Stopwatch.StartNew();
        var live = new List<double>();
        using var sweepDone = new CancellationTokenSource();
        var liveLoop = Task.Run(async () =>
        {
            while (!sweepDone.IsCancellationRequested)
            {
                var one = Stopwatch.StartNew();
                using (await client.GetAsync("/health/live"))
                {
                }

                live.Add(one.Elapsed.TotalMilliseconds);
                await Task.Delay(20);
            }
        });
        // Once a second: at 10,000 services each readiness body is a few MB, and polling it faster would load the sweep.
        while (await PendingAsync(client) > 0 && sweep.Elapsed < TimeSpan.FromSeconds(180))
        {
            await Task.Delay(1000);
        }

        var firstSweep = sweep.Elapsed;
        await sweepDone.CancelAsync();
        await liveLoop;

        // Steady state: CPU of the gateway process against the checks the target answered in the same window.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var cpuBefore = CpuSeconds(gateway.Pid);
        var hitsBefore = target.Hits;
        await Task.Delay(window);
        var cpu = CpuSeconds(gateway.Pid) - cpuBefore;
        var checks = target.Hits - hitsBefore;
        var rss = gateway.Memory().Rss;

        var ready = new List<double>();
        var bodyBytes = 0;
        for (var i = 0; i < 20; i++)
        {
            var one = Stopwatch.StartNew();
            var body = await client.GetByteArrayAsync("/health/ready").ConfigureAwait(false);
            ready.Add(one.Elapsed.TotalMilliseconds);
            bodyBytes = body.Length;
            await Task.Delay(100);
        }

        File.Delete(config);
        return new Row(size, interval, startUp, firstSweep, Stats.Percentile(live, 99), live.Count == 0 ? 0 : live.Max(), live.Count,
            checks == 0 ? double.NaN : cpu / checks * 1e6, rss, Stats.Median(ready), Stats.Percentile(ready, 99), bodyBytes, null);
    }

    private static async Task<ExporterRow> MeasureExporterAsync(ScaleTarget target, double rate, TimeSpan window)
    {
        var port = FreePort.Get();
        var config = Path.Combine(Path.GetTempPath(), $"blackbox-{Environment.ProcessId}.yml");
        await File.WriteAllTextAsync(config, "modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n");
        await using var exporter = ChildProcess.Start("blackbox", Exporter,
            [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}"], new Dictionary<string, string>());
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var up = Stopwatch.StartNew();
        while (!await AnswersAsync(client, "/metrics") && up.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        // Probes at the gateway's check rate, each to a different URL on the same target, as Prometheus would scrape.
        var cpuBefore = CpuSeconds(exporter.Pid);
        var probes = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        while (clock.Elapsed < window)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * rate);
            for (; probes < due; probes++)
            {
                inFlight.Add(ProbeAsync(client, $"{target.BaseUrl}/s/{probes}"));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(5);
        }

        await Task.WhenAll(inFlight);
        var cpu = CpuSeconds(exporter.Pid) - cpuBefore;
        var rss = exporter.Memory().Rss;
        File.Delete(config);
        return new ExporterRow(cpu / probes * 1e6, probes / clock.Elapsed.TotalSeconds, rss);
    }

    private static async Task ProbeAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync($"/probe?module=http_2xx&target={Uri.EscapeDataString(url)}");
            await response.Content.ReadAsByteArrayAsync();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // An overloaded exporter: the probe was still attempted and its CPU spent; counted all the same.
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<int> PendingAsync(HttpClient client)
    {
        // 503 while starting: the body says the same either way.
        using var response = await client.GetAsync("/health/ready");
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var body = await JsonDocument.ParseAsync(stream);
        return body.RootElement.GetProperty("pendingServices").GetArrayLength();
    }

    /// <summary>utime + stime of <paramref name="pid"/> in seconds, from /proc/&lt;pid&gt;/stat.</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<ScaleTarget> StartTargetAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var app = builder.Build();
        var target = new ScaleTarget(app);
        app.MapGet("/s/{n}", (string n) =>
        {
            target.Hit();
            return Results.Text("ok");
        });
        await app.StartAsync();
        target.BaseUrl = app.Urls.First().TrimEnd('/');
        return target;
    }

    private sealed record Row(int Services, TimeSpan Interval, TimeSpan StartUp, TimeSpan FirstSweep, double LiveP99Ms, double LiveMaxMs, int LiveSamples,
        double CpuPerCheckUs, double RssMiB, double ReadyMedianMs, double ReadyP99Ms, int BodyBytes, ExporterRow? Exporter)
    {
        public double? RssPerServiceKiB { get; init; }
    }

    private sealed record ExporterRow(double CpuPerProbeUs, double ProbesPerSecond, double RssMiB);

    private sealed class ScaleTarget(WebApplication app) : IAsyncDisposable
    {
        private long _hits;

        public string BaseUrl { get; set; } = "";

        public long Hits => Interlocked.Read(ref _hits);

        public void Hit() => Interlocked.Increment(ref _hits);

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
