using HealthGateway.Testing;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// Everything a benchmark runs against: one real PostgreSQL server, a <see cref="TargetSet"/> for the gateway
/// and one for the stock baseline, the gateway itself and the baseline host, each in its own process.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private BenchEnvironment(BenchPaths paths, PostgresServer postgres, TargetSet gatewayTargets, TargetSet stockTargets)
    {
        Paths = paths;
        Postgres = postgres;
        GatewayTargets = gatewayTargets;
        StockTargets = stockTargets;
    }

    public BenchPaths Paths { get; }

    public PostgresServer Postgres { get; }

    /// <summary>Environment variables every gateway this run starts gets (from <c>--env KEY=VALUE</c>, for experiments).</summary>
    public Dictionary<string, string> GatewayEnvironment { get; } = new(StringComparer.Ordinal);

    public TargetSet GatewayTargets { get; }

    public TargetSet StockTargets { get; }

    public static async Task<BenchEnvironment> StartAsync(BenchPaths paths)
    {
        var postgres = await PostgresServer.StartAsync();
        var statementLog = await PostgresStatementLog.EnableAsync(postgres, "gateway");
        var gateway = await TargetSet.StartAsync("gateway", postgres, statementLog);
        var stock = await TargetSet.StartAsync("stock", postgres, statementLog: null);
        return new BenchEnvironment(paths, postgres, gateway, stock);
    }

    /// <summary>A gateway against the gateway targets, started and ready (all five Healthy).</summary>
    public async Task<ServerProcess> StartGatewayAsync(IReadOnlyDictionary<string, string>? extra = null, string name = "gateway")
    {
        var environment = new Dictionary<string, string>(GatewayEnvironment);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var gateway = await ServerProcess.StartGatewayAsync(Paths, GatewayTargets, environment, name);
        try
        {
            await gateway.WaitForAsync("/health/ready", status => status == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await GatewayTargets.DisposeAsync();
        await StockTargets.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
