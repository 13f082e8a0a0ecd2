using System.Diagnostics;
using System.Globalization;
using System.Net;
using HealthGateway.Bench.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// The JIT build and the native (AOT) build side by side, in one run, against the same targets: idle memory, time
/// from exec to the first <c>/health/live</c> answer, the <c>probe</c> verb's time and memory, <c>/health/ready</c>
/// throughput, and memory with many idle WebSocket connections. Alternating order within each repetition, so a
/// machine whose other load comes and goes weighs on both alike.
/// </summary>
internal static class NativeBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment, Report report, string native, int repetitions, TimeSpan duration, int connections)
    {
        var builds = new (string Name, BenchPaths Paths)[]
        {
            ("JIT", environment.Paths with { GatewayDll = BenchPaths.JitGateway(environment.Paths.Root) }),
            ("native", environment.Paths with { GatewayDll = Path.GetFullPath(native) }),
        };
        report.Heading("JIT and native (AOT) builds side by side");
        report.Line($"- JIT: `{builds[0].Paths.GatewayDll}`; native: `{builds[1].Paths.GatewayDll}` ({new FileInfo(builds[1].Paths.GatewayDll).Length / 1048576.0:0.0} MiB file)");
        report.Line($"- load average at the start: {File.ReadAllText("/proc/loadavg").Trim()}");

        var startup = await MeasureStartupAsync(environment, builds, Math.Max(5, repetitions * 2));
        var (idle, loaded, throughput, probes) = await MeasureRunningAsync(environment, builds, repetitions, duration);
        var sockets = new List<MemoryBenchmark.WebSocketMemory>();
        foreach (var (name, paths) in builds)
        {
            var server = await StartReadyAsync(environment, paths, $"{name}-ws");
            sockets.Add(await MemoryBenchmark.MeasureWebSocketsAsync(server, connections, TimeSpan.FromSeconds(15), index => $"idle-{index}"));
        }

        report.Table(["", "JIT", "native", "native / JIT", "target (native)", ""],
        [
            Row("idle RSS (median of 2, 30 s idle, five checks polling)", idle[0], idle[1], v => Format.N(v, 1) + " MiB", "≤ 40 MB", Format.ToMb(idle[1]) <= 40),
            Row("RSS after /health/ready load (+10 s)", loaded[0], loaded[1], v => Format.N(v, 1) + " MiB", "", null),
            Row($"exec → first /health/live 200 (median of {startup[0].Count})", Stats.Median(startup[0]), Stats.Median(startup[1]), v => Format.N(v, 1) + " ms",
                "≤ 150 ms and ≤ 0.3 of JIT", Stats.Median(startup[1]) <= 150 && Stats.Median(startup[1]) <= 0.3 * Stats.Median(startup[0])),
            Row($"probe: wall time (median of {probes[0].Times.Count})", Stats.Median(probes[0].Times), Stats.Median(probes[1].Times), v => Format.N(v, 1) + " ms", "≤ 20 ms",
                Stats.Median(probes[1].Times) <= 20),
            Row("probe: max RSS (median)", Stats.Median(probes[0].MaxRss), Stats.Median(probes[1].MaxRss), v => Format.N(v, 1) + " MiB", "≤ 15 MB",
                Format.ToMb(Stats.Median(probes[1].MaxRss)) <= 15),
            Row($"/health/ready req/s (median of {throughput[0].Count} × {duration.TotalSeconds:0} s wrk)", Stats.Median(throughput[0]), Stats.Median(throughput[1]), v => Format.N(v), "≥ 90 % of JIT",
                Stats.Median(Enumerable.Range(0, throughput[0].Count).Select(i => throughput[1][i] / throughput[0][i])) >= 0.9),
            Row($"RSS with {connections:N0} idle WebSockets ({sockets[0].Open:N0} / {sockets[1].Open:N0} open)", sockets[0].During.Rss, sockets[1].During.Rss, v => Format.N(v, 1) + " MiB", "≤ 250 MB",
                Format.ToMb(sockets[1].During.Rss) <= 250 && sockets[1].Open == connections),
        ]);
        report.Line($"- startup, each run (ms): JIT {string.Join(", ", startup[0].Select(v => Format.N(v, 0)))}; native {string.Join(", ", startup[1].Select(v => Format.N(v, 0)))}");
        report.Line($"- /health/ready, each run (req/s): JIT {string.Join(", ", throughput[0].Select(v => Format.N(v)))}; native {string.Join(", ", throughput[1].Select(v => Format.N(v)))}; " +
            $"native / JIT {Format.Pct(Stats.Median(Enumerable.Range(0, throughput[0].Count).Select(i => throughput[1][i] / throughput[0][i])))} (median of per-repetition ratios)");
        report.Line($"- probe wall time, each run (ms): native {string.Join(", ", probes[1].Times.Select(v => Format.N(v, 1)))}");
        report.Line($"- with the sockets open: /health/live {sockets[0].Live} / {sockets[1].Live}, a diagnostics run {sockets[0].Diagnostics} / {sockets[1].Diagnostics}; per connection {Format.N(sockets[0].PerConnectionKiB, 1)} / {Format.N(sockets[1].PerConnectionKiB, 1)} KiB");
        report.Line($"- load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        report.Line();
    }

    private static IReadOnlyList<string> Row(string what, double jit, double native, Func<double, string> format, string target, bool? met) =>
        [what, format(jit), format(native), (native / jit).ToString("0.00", CultureInfo.InvariantCulture), target, met is null ? "" : met.Value ? "met" : "**MISSED**"];

    /// <summary>Fresh processes, alternating builds: from just before exec until /health/live first answers 200.</summary>
    private static async Task<List<double>[]> MeasureStartupAsync(BenchEnvironment environment, (string Name, BenchPaths Paths)[] builds, int runs)
    {
        var times = new[] { new List<double>(), new List<double>() };
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(5) };
        for (var run = 0; run < runs; run++)
        {
            for (var step = 0; step < builds.Length; step++)
            {
                var build = (step + run) % builds.Length;
                var port = FreePort.Get();
                var variables = new Dictionary<string, string>(environment.GatewayEnvironment) { ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
                foreach (var (key, value) in ServerProcess.GatewayEnvironment(environment.GatewayTargets))
                {
                    variables.TryAdd(key, value);
                }

                var (file, arguments) = ServerProcess.GatewayCommand(builds[build].Paths.GatewayDll);
                var clock = Stopwatch.StartNew();
                await using var child = ChildProcess.Start($"{builds[build].Name}-start", file, arguments, variables);
                var live = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health/live");
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(live);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }

                    if (child.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new InvalidOperationException($"{child.Name} did not answer /health/live:\n{child.Tail()}");
                    }

                    await Task.Delay(1);
                }

                times[build].Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    private static async Task<(double[] Idle, double[] Loaded, List<double>[] Throughput, (List<double> Times, List<double> MaxRss)[] Probes)> MeasureRunningAsync(
        BenchEnvironment environment, (string Name, BenchPaths Paths)[] builds, int repetitions, TimeSpan duration)
    {
        var servers = new List<(int Build, ServerProcess Server)>();
        try
        {
            for (var instance = 0; instance < 2; instance++)
            {
                for (var build = 0; build < builds.Length; build++)
                {
                    servers.Add((build, await StartReadyAsync(environment, builds[build].Paths, $"{builds[build].Name}-{instance}")));
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(30));
            var idle = Enumerable.Range(0, builds.Length).Select(b => Stats.Median(servers.Where(s => s.Build == b).Select(s => s.Server.Process.RssMiB()))).ToArray();

            var probes = Enumerable.Range(0, builds.Length).Select(_ => (Times: new List<double>(), MaxRss: new List<double>())).ToArray();
            var target = servers[0].Server.Url("/health/live");
            for (var run = 0; run < 20; run++)
            {
                for (var build = 0; build < builds.Length; build++)
                {
                    var (time, maxRss) = await ProbeAsync(builds[build].Paths.GatewayDll, target);
                    probes[build].Times.Add(time);
                    probes[build].MaxRss.Add(maxRss);
                }
            }

            var throughput = new[] { new List<double>(), new List<double>() };
            var loadedServers = Enumerable.Range(0, builds.Length).Select(b => servers.First(s => s.Build == b).Server).ToArray();
            foreach (var server in loadedServers)
            {
                await Wrk.RunAsync(server.Url("/health/ready"), TimeSpan.FromSeconds(3), environment.Paths.WrkSummaryScript);
            }

            for (var repetition = 0; repetition < repetitions; repetition++)
            {
                for (var step = 0; step < builds.Length; step++)
                {
                    var build = (step + repetition) % builds.Length;
                    throughput[build].Add((await Wrk.RunAsync(loadedServers[build].Url("/health/ready"), duration, environment.Paths.WrkSummaryScript)).RequestsPerSecond);
                }

                Console.WriteLine($"  rep {repetition + 1}: JIT {Format.N(throughput[0][^1])}, native {Format.N(throughput[1][^1])} req/s");
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            var loaded = loadedServers.Select(s => s.Process.RssMiB()).ToArray();
            return (idle, loaded, throughput, probes);
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.Server.DisposeAsync().AsTask()));
        }
    }

    /// <summary>One <c>probe</c> run under /usr/bin/time: wall time (ms, from just before exec to exit) and max RSS (MiB).</summary>
    private static async Task<(double Milliseconds, double MaxRssMiB)> ProbeAsync(string gateway, string url)
    {
        var (file, arguments) = ServerProcess.GatewayCommand(gateway);
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-f", "maxrss_kb=%M", file, .. arguments, "probe", "--url", url])
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var line = (await stderr).Split('\n').LastOrDefault(l => l.StartsWith("maxrss_kb=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"probe printed no maxrss: {await stderr}");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"probe of {url} exited {process.ExitCode}: {await stderr}");
        }

        return (elapsed, double.Parse(line["maxrss_kb=".Length..], CultureInfo.InvariantCulture) / 1024);
    }

    private static async Task<ServerProcess> StartReadyAsync(BenchEnvironment environment, BenchPaths paths, string name)
    {
        var server = await ServerProcess.StartGatewayAsync(paths, environment.GatewayTargets, environment.GatewayEnvironment, name);
        await server.WaitForAsync("/health/ready", status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        return server;
    }
}
