using HealthGateway.Bench.Infrastructure;

namespace HealthGateway.Bench.Benchmarks;

/// <summary>
/// A/B for performance experiments: two gateways (builds or settings) and the plain baseline, all running, loaded
/// one at a time in alternation with short wrk runs; the median of the paired ratios is robust to a machine whose
/// other load comes and goes.
/// </summary>
internal static class ComparisonBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment, Report report, int repetitions, TimeSpan duration,
        string? gatewayB, IReadOnlyDictionary<string, string> environmentB, string path)
    {
        await using var a = await environment.StartGatewayAsync(name: "gateway-a");
        var pathsB = gatewayB is null ? environment.Paths : environment.Paths with { GatewayDll = Path.GetFullPath(gatewayB) };
        var variables = new Dictionary<string, string>(environment.GatewayEnvironment);
        foreach (var (key, value) in environmentB)
        {
            variables[key] = value;
        }

        await using var b = await ServerProcess.StartGatewayAsync(pathsB, environment.GatewayTargets, variables, "gateway-b");
        await b.WaitForAsync("/health/ready", status => status == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await using var baseline = await ServerProcess.StartBaselineAsync(environment.Paths, environment.StockTargets);

        var targets = new (string Name, string Url)[] { ("plain", baseline.Url("/plain")), ("A", a.Url(path)), ("B", b.Url(path)) };
        foreach (var (_, url) in targets)
        {
            await Wrk.RunAsync(url, TimeSpan.FromSeconds(3), environment.Paths.WrkSummaryScript);
        }

        var results = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            for (var step = 0; step < targets.Length; step++)
            {
                var (name, url) = targets[(step + repetition) % targets.Length];
                results[name].Add(await Wrk.RunAsync(url, duration, environment.Paths.WrkSummaryScript));
            }

            Console.WriteLine($"  rep {repetition + 1}: " + string.Join(", ", targets.Select(t => $"{t.Name} {Format.N(results[t.Name][^1].RequestsPerSecond)}")));
        }

        double Ratio(string x, string y) => Stats.Median(Enumerable.Range(0, repetitions).Select(i => results[x][i].RequestsPerSecond / results[y][i].RequestsPerSecond));
        report.Heading($"A/B: {path}, A = {environment.Paths.GatewayDll}, B = {pathsB.GatewayDll} {string.Join(' ', environmentB.Select(kv => kv.Key + "=" + kv.Value))}");
        report.Table(["", "req/s median", "p99 median"], targets.Select(t => (IReadOnlyList<string>)
            [t.Name, Format.N(Stats.Median(results[t.Name].Select(r => r.RequestsPerSecond))), Format.Ms(Stats.Median(results[t.Name].Select(r => (double)r.P99Us)))]));
        report.Line($"- A / plain {Format.Pct(Ratio("A", "plain"))}, B / plain {Format.Pct(Ratio("B", "plain"))}, B / A {Format.Pct(Ratio("B", "A"))} (medians of per-repetition ratios)");
    }
}
