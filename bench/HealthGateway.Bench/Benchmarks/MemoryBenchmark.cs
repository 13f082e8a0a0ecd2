using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// Resident memory (VmRSS) of an idle gateway with its five checks polling, under several runtime settings
/// (instances of each side by side, so they share the same machine state), before and after a short burst of
/// readiness load; and of a gateway holding many idle WebSocket connections.
/// </summary>
internal static class MemoryBenchmark
{
    /// <summary>The settings compared. Environment variables override the runtimeconfig the csproj writes.</summary>
    private static readonly (string Name, Dictionary<string, string> Environment)[] _configurations =
    [
        ("as built (the Api csproj's runtimeconfig)", new()),
        ("Server GC (DOTNET_gcServer=1)", new() { ["DOTNET_gcServer"] = "1" }),
        ("Server GC, gen0 budget 4 MiB (+DOTNET_GCgen0size=0x400000)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCgen0size"] = "0x400000" }),
        ("Workstation GC, concurrent (DOTNET_gcServer=0)", new() { ["DOTNET_gcServer"] = "0" }),
        ("Workstation GC, non-concurrent (+DOTNET_gcConcurrent=0)", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
    ];

    public static async Task RunIdleAsync(BenchEnvironment environment, Report report, int instances, TimeSpan idle, TimeSpan burst)
    {
        var started = new List<(int Configuration, ServerProcess Gateway)>();
        try
        {
            for (var instance = 0; instance < instances; instance++)
            {
                for (var configuration = 0; configuration < _configurations.Length; configuration++)
                {
                    started.Add((configuration, await ServerProcess.StartGatewayAsync(environment.Paths, environment.GatewayTargets,
                        _configurations[configuration].Environment, $"gateway-{configuration}-{instance}")));
                }
            }

            foreach (var (_, gateway) in started)
            {
                await gateway.WaitForAsync("/health/ready", status => status == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            }

            await Task.Delay(idle);
            var idleSamples = started.Select(s => s.Gateway.Process.Memory()).ToList();

            // The same processes after readiness load (wrk, one instance at a time) and 10 s to settle.
            foreach (var (_, gateway) in started)
            {
                await Wrk.RunAsync(gateway.Url("/health/ready"), burst, environment.Paths.WrkSummaryScript);
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            var loadedSamples = started.Select(s => s.Gateway.Process.Memory()).ToList();

            report.Heading($"Idle gateway memory: VmRSS after {idle.TotalSeconds:0} s idle, five checks polling every 2 s ({instances} instances per setting, side by side; medians)");
            report.Table(["runtime setting", "RSS idle", "anon / file / shmem", "each instance", $"RSS after {burst.TotalSeconds:0} s of wrk + 10 s"],
                _configurations.Select((c, index) =>
                {
                    var mine = Enumerable.Range(0, started.Count).Where(i => started[i].Configuration == index).ToList();
                    var rss = mine.Select(i => idleSamples[i].Rss).ToList();
                    return (IReadOnlyList<string>)
                    [
                        c.Name,
                        Format.N(Stats.Median(rss), 1) + " MiB",
                        $"{Format.N(Stats.Median(mine.Select(i => idleSamples[i].Anon)), 1)} / {Format.N(Stats.Median(mine.Select(i => idleSamples[i].File)), 1)} / {Format.N(Stats.Median(mine.Select(i => idleSamples[i].Shmem)), 1)}",
                        string.Join(", ", rss.Select(v => Format.N(v, 1))),
                        Format.N(Stats.Median(mine.Select(i => loadedSamples[i].Rss)), 1) + " MiB",
                    ];
                }));
            var asBuilt = Stats.Median(Enumerable.Range(0, started.Count).Where(i => started[i].Configuration == 0).Select(i => idleSamples[i].Rss));
            report.Line($"- as built: **{Format.N(asBuilt, 1)} MiB = {Format.Mb(asBuilt)}** idle, target ≤ 100 MB: **{(Format.ToMb(asBuilt) <= 100 ? "met" : "MISSED")}**");
            report.Line();
        }
        finally
        {
            await Task.WhenAll(started.Select(s => s.Gateway.DisposeAsync().AsTask()));
        }
    }

    public static async Task RunWebSocketsAsync(BenchEnvironment environment, Report report, int connections, TimeSpan hold)
    {
        var gateway = await MeasureWebSocketsAsync(await environment.StartGatewayAsync(), connections, hold, index => $"idle-{index}");
        var floor = await MeasureWebSocketsAsync(
            await ServerProcess.StartBaselineAsync(environment.Paths, environment.StockTargets, webSockets: true), connections, hold, _ => "x");

        report.Heading($"Memory with {connections:N0} idle WebSocket connections (one user each)");
        report.Table(["", "RSS before", $"RSS with {connections:N0} open, {hold.TotalSeconds:0} s later", "anon / file / shmem then", "per connection", "threads"],
        [
            ["gateway /ws", Format.N(gateway.Before.Rss, 1) + " MiB", Format.N(gateway.During.Rss, 1) + " MiB",
                $"{Format.N(gateway.During.Anon, 1)} / {Format.N(gateway.During.File, 1)} / {Format.N(gateway.During.Shmem, 1)}",
                Format.N(gateway.PerConnectionKiB, 1) + " KiB", gateway.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["floor: bench/BaselineHost /ws (Kestrel + WebSocket middleware, nothing else)", Format.N(floor.Before.Rss, 1) + " MiB", Format.N(floor.During.Rss, 1) + " MiB",
                $"{Format.N(floor.During.Anon, 1)} / {Format.N(floor.During.File, 1)} / {Format.N(floor.During.Shmem, 1)}",
                Format.N(floor.PerConnectionKiB, 1) + " KiB", floor.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ]);
        report.Line($"- gateway: {gateway.Open:N0} of {connections:N0} open; /health/live {gateway.Live}, a diagnostics run {gateway.Diagnostics} while they were connected");
        report.Line($"- target ≤ 300 MB with {connections:N0}: **{(Format.ToMb(gateway.During.Rss) <= 300 && gateway.Open == connections ? "met" : "MISSED")}** ({Format.N(gateway.During.Rss, 1)} MiB = {Format.Mb(gateway.During.Rss)})");
        report.Line();
    }

    internal static async Task<WebSocketMemory> MeasureWebSocketsAsync(ServerProcess server, int connections, TimeSpan hold, Func<int, string> user)
    {
        await using (server)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            var before = server.Process.Memory();
            await using var clients = await ClientPool.ConnectAsync(server, connections, user, concurrency: 32);
            await Task.Delay(hold);
            var during = server.Process.Memory();
            var threads = server.Process.Threads();
            using var live = await server.Client.GetAsync("/health/live");
            using var diagnostics = await server.Client.PostAsync("/diagnostics/notifier", content: null);
            return new WebSocketMemory(before, during, clients.Open, threads, (int)live.StatusCode, (int)diagnostics.StatusCode)
            {
                PerConnectionKiB = (during.Rss - before.Rss) * 1024 / connections,
            };
        }
    }

    internal sealed record WebSocketMemory(MemorySample Before, MemorySample During, int Open, int Threads, int Live, int Diagnostics)
    {
        public double PerConnectionKiB { get; init; }
    }
}
