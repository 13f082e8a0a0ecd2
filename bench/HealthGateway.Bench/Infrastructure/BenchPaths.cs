namespace HealthGateway.Bench.Infrastructure;

/// <summary>Where the built servers and the wrk scripts are, found from the repository root.</summary>
internal sealed record BenchPaths(string Root, string GatewayDll, string BaselineDll, string ResultsDirectory)
{
    public string WrkSummaryScript => Path.Combine(Root, "bench", "wrk", "summary.lua");

    public string WrkStatusScript => Path.Combine(Root, "bench", "wrk", "count-status.lua");

    /// <param name="gatewayDll">Another build of the gateway to measure (e.g. one without a change, to compare).</param>
    public static BenchPaths Discover(string? gatewayDll = null, string configuration = "Release")
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HealthGateway.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("run the bench from inside the repository");
        var gateway = gatewayDll is null ? JitGateway(root, configuration) : Path.GetFullPath(gatewayDll);
        var baseline = Path.Combine(root, "bench", "BaselineHost", "bin", configuration, "net10.0", "BaselineHost.dll");
        foreach (var dll in new[] { gateway, baseline })
        {
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll} is missing: build first (bench/run.sh does)");
            }
        }

        return new BenchPaths(root, gateway, baseline, Path.Combine(root, "bench", "results"));
    }

    /// <summary>The JIT build of the gateway in src/.</summary>
    public static string JitGateway(string root, string configuration = "Release") =>
        Path.Combine(root, "src", "HealthGateway.Api", "bin", configuration, "net10.0", "HealthGateway.Api.dll");

    /// <summary>Where bench/run.sh publishes the native (AOT) gateway.</summary>
    public string NativeGateway => Path.Combine(Root, "bench", "results", "native", "HealthGateway.Api");
}
