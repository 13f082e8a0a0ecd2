using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// wrk, 2 threads, 64 connections, against the baseline host's /plain, the gateway's /health/ready and the
/// baseline host's /stock, interleaved (the order rotates every repetition so none always runs first on a noisy
/// machine), and the load each host's checks put on its real targets meanwhile.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment, Report report, int repetitions, TimeSpan duration)
    {
        await using var gateway = await environment.StartGatewayAsync();
        var readinessBody = await gateway.Client.GetByteArrayAsync("/health/ready");
        await using var baseline = await ServerProcess.StartBaselineAsync(environment.Paths, environment.StockTargets, readinessBody.Length);
        await baseline.WaitForAsync("/stock", status => status == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var endpoints = new (string Name, string Url)[]
        {
            ("plain (baseline host /plain)", baseline.Url("/plain")),
            ("gateway /health/ready", gateway.Url("/health/ready")),
            ($"plain with a {readinessBody.Length}-byte body (baseline host /sized)", baseline.Url("/sized")),
            ("stock MapHealthChecks (baseline host /stock)", baseline.Url("/stock")),
        };
        var script = environment.Paths.WrkSummaryScript;
        foreach (var (_, url) in endpoints)
        {
            await Wrk.RunAsync(url, TimeSpan.FromSeconds(3), script);
        }

        var results = endpoints.ToDictionary(e => e.Name, _ => new List<WrkResult>());
        var stockRates = new List<DependencyRates>();
        var gatewayStart = await environment.GatewayTargets.CountAsync();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            for (var step = 0; step < endpoints.Length; step++)
            {
                var (name, url) = endpoints[(step + repetition) % endpoints.Length];
                var stockBefore = await environment.StockTargets.CountAsync();
                var result = await Wrk.RunAsync(url, duration, script);
                var stockAfter = await environment.StockTargets.CountAsync();
                results[name].Add(result);
                if (name.StartsWith("stock", StringComparison.Ordinal))
                {
                    stockRates.Add(stockAfter.RatesSince(stockBefore));
                }

                Console.WriteLine($"  rep {repetition + 1} {name}: {Format.N(result.RequestsPerSecond)} req/s, p50 {Format.Ms(result.P50Us)}, p99 {Format.Ms(result.P99Us)}");
            }
        }

        var gatewayRates = (await environment.GatewayTargets.CountAsync()).RatesSince(gatewayStart);

        report.Heading($"Throughput and latency: wrk -t2 -c64 -d{(int)duration.TotalSeconds}s, {repetitions} interleaved repetitions, medians");
        report.Table(
            ["endpoint", "req/s (median)", "req/s each run", "p50", "p99", "body bytes", "non-2xx / socket errors"],
            endpoints.Select(e =>
            {
                var runs = results[e.Name];
                return (IReadOnlyList<string>)
                [
                    e.Name,
                    Format.N(Stats.Median(runs.Select(r => r.RequestsPerSecond))),
                    string.Join(", ", runs.Select(r => Format.N(r.RequestsPerSecond))),
                    Format.Ms(Stats.Median(runs.Select(r => (double)r.P50Us))),
                    Format.Ms(Stats.Median(runs.Select(r => (double)r.P99Us))),
                    Format.N(runs.Sum(r => r.Bytes) / (double)runs.Sum(r => r.Requests)) + " (incl. headers)",
                    $"{runs.Sum(r => r.StatusErrors)} / {runs.Sum(r => r.SocketErrors)}",
                ];
            }));

        var plain = results[endpoints[0].Name];
        var ready = results[endpoints[1].Name];
        var sized = results[endpoints[2].Name];
        var stock = results[endpoints[3].Name];
        // Each repetition ran the three back to back: the ratio within a repetition is the one least disturbed by
        // the machine's other load, so the median of those ratios is the headline.
        var vsPlain = Stats.Median(Enumerable.Range(0, repetitions).Select(i => ready[i].RequestsPerSecond / plain[i].RequestsPerSecond));
        var vsStock = Stats.Median(Enumerable.Range(0, repetitions).Select(i => ready[i].RequestsPerSecond / stock[i].RequestsPerSecond));
        report.Line($"- gateway / plain throughput: **{Format.Pct(vsPlain)}** (median of per-repetition ratios; target ≥ 90 %: {(vsPlain >= 0.9 ? "met" : "MISSED")})");
        var vsSized = Stats.Median(Enumerable.Range(0, repetitions).Select(i => ready[i].RequestsPerSecond / sized[i].RequestsPerSecond));
        var sizedVsPlain = Stats.Median(Enumerable.Range(0, repetitions).Select(i => sized[i].RequestsPerSecond / plain[i].RequestsPerSecond));
        report.Line($"- for reference: gateway / plain-with-the-same-body-size {Format.Pct(vsSized)}; plain-with-that-body / plain {Format.Pct(sizedVsPlain)} (what the bytes alone cost)");
        report.Line($"- gateway / stock throughput: **{Format.N(vsStock, 1)}×** (target ≥ 20×: {(vsStock >= 20 ? "met" : "MISSED")})");
        report.Line();

        report.Heading("Dependency load: operations per second counted at each target");
        report.Line($"Gateway: over the whole throughput phase ({Format.N(gatewayRates.Seconds)} s, {repetitions * (int)duration.TotalSeconds} s of it under load), PollInterval 2 s, so one check per service every 2 s = 0.5 checks/s.");
        report.Line($"Stock: during its own wrk runs only ({Format.N(stockRates.Sum(r => r.Seconds))} s).");
        report.Line();
        var stockMean = new DependencyRates(
            stockRates.Average(r => r.Http), stockRates.Average(r => r.WebSocket), stockRates.Average(r => r.Tcp),
            stockRates.Average(r => r.RedisPing), stockRates.Average(r => r.PostgresSelect), stockRates.Sum(r => r.Seconds));
        report.Table(
            ["target (what is counted)", "gateway, per s", "gateway, per poll interval (2 s)", "stock, per s"],
            [
                ["HTTP (requests to /ok)", Format.N(gatewayRates.Http, 2), Format.N(gatewayRates.Http * 2, 2), Format.N(stockMean.Http)],
                ["WebSocket (upgrades on /ws/echo)", Format.N(gatewayRates.WebSocket, 2), Format.N(gatewayRates.WebSocket * 2, 2), Format.N(stockMean.WebSocket)],
                ["TCP (accepted connections)", Format.N(gatewayRates.Tcp, 2), Format.N(gatewayRates.Tcp * 2, 2), Format.N(stockMean.Tcp)],
                ["Redis (PING commands, INFO commandstats)", Format.N(gatewayRates.RedisPing, 2), Format.N(gatewayRates.RedisPing * 2, 2), Format.N(stockMean.RedisPing)],
                ["PostgreSQL (SELECT 1 statements in its log)", Format.N(gatewayRates.PostgresSelect, 2), Format.N(gatewayRates.PostgresSelect * 2, 2), "not logged (see text)"],
            ]);
    }
}
