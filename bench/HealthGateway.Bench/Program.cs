using System.Globalization;
using HealthGateway.Bench.Benchmarks;
using HealthGateway.Bench.Infrastructure;

// The benchmark driver. bench/run.sh builds everything in Release and runs `all`; bench/soak.sh runs `soak`.
// Every phase is bounded in time and sends traffic to 127.0.0.1 only.
//
//   dotnet bench/HealthGateway.Bench/bin/Release/net10.0/HealthGateway.Bench.dll <phase> [--reps N] [--duration S]
//       [--gateway path/to/HealthGateway.Api.dll] (default: the Release build in src/) [--env KEY=VALUE ...]
//   phases: throughput | detect | notifier | memory | soak | native [--native path/to/native/HealthGateway.Api] | all
//   experiments: ab [--gateway-b other.dll] [--env-b KEY=VALUE ...] [--path /health/ready]
var phase = args.FirstOrDefault() ?? "all";
var repetitions = IntOption("--reps", 3);
var duration = TimeSpan.FromSeconds(IntOption("--duration", 10));
var paths = BenchPaths.Discover(StringOption("--gateway"));
var report = new Report(phase);
Console.WriteLine(Report.Machine());

// Needs no databases: one local HTTP target and the gateway (and blackbox_exporter) against it.
if (phase == "scale")
{
    var sizes = (StringOption("--sizes") ?? "100,1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    await ScaleBenchmark.RunAsync(paths, report, sizes, TimeSpan.FromSeconds(IntOption("--window", 20)));
    Console.WriteLine($"\nsaved {report.Save(paths.ResultsDirectory)}");
    return 0;
}

await using (var environment = await BenchEnvironment.StartAsync(paths))
{
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var key, var value])
        {
            environment.GatewayEnvironment[key] = value;
        }
    }

    switch (phase)
    {
        case "throughput":
            await ThroughputBenchmark.RunAsync(environment, report, repetitions, duration);
            break;
        case "detect":
            await DetectionBenchmark.RunAsync(environment, report, IntOption("--detect-reps", 5));
            break;
        case "notifier":
            await NotifierBenchmark.RunAsync(environment, report, IntOption("--runs", 500), IntOption("--clients", 1000), IntOption("--fanout-runs", 20));
            break;
        case "memory":
            if (!args.Contains("--no-idle"))
            {
                await MemoryBenchmark.RunIdleAsync(environment, report, IntOption("--instances", 2), TimeSpan.FromSeconds(IntOption("--idle", 30)), TimeSpan.FromSeconds(IntOption("--burst", 3)));
            }

            if (!args.Contains("--no-ws"))
            {
                await MemoryBenchmark.RunWebSocketsAsync(environment, report, IntOption("--connections", 10_000), TimeSpan.FromSeconds(IntOption("--hold", 15)));
            }
            break;
        case "native":
            await NativeBenchmark.RunAsync(environment, report, StringOption("--native") ?? paths.NativeGateway, repetitions, duration, IntOption("--connections", 10_000));
            break;
        case "soak":
            await SoakBenchmark.RunAsync(environment, report, TimeSpan.FromSeconds(IntOption("--duration", 60)));
            break;
        case "ab":
            var environmentB = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "--env-b" && args[i + 1].Split('=', 2) is [var key, var value])
                {
                    environmentB[key] = value;
                }
            }

            await ComparisonBenchmark.RunAsync(environment, report, repetitions, duration, StringOption("--gateway-b"), environmentB, StringOption("--path") ?? "/health/ready");
            break;
        case "all":
            await ThroughputBenchmark.RunAsync(environment, report, repetitions, duration);
            await DetectionBenchmark.RunAsync(environment, report, IntOption("--detect-reps", 5));
            await NotifierBenchmark.RunAsync(environment, report, IntOption("--runs", 500), IntOption("--clients", 1000), IntOption("--fanout-runs", 20));
            await MemoryBenchmark.RunIdleAsync(environment, report, IntOption("--instances", 2), TimeSpan.FromSeconds(IntOption("--idle", 30)), TimeSpan.FromSeconds(IntOption("--burst", 3)));
            if (!args.Contains("--no-ws"))
            {
                await MemoryBenchmark.RunWebSocketsAsync(environment, report, IntOption("--connections", 10_000), TimeSpan.FromSeconds(IntOption("--hold", 15)));
            }
            break;
        default:
            Console.Error.WriteLine($"unknown phase '{phase}'");
            return 2;
    }
}

Console.WriteLine($"\nsaved {report.Save(paths.ResultsDirectory)}");
return 0;

string? StringOption(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
