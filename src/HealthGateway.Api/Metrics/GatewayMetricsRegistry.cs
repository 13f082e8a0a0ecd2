using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The gateway's own Prometheus registry, holding its metrics and the process metrics. One per host rather than
/// prometheus-net's static default, so two gateways in one process (as in tests) never share series.
/// </summary>
public sealed class GatewayMetricsRegistry
{
    /// <summary>Buckets for check durations: a refused port answers in a millisecond, a slow backend in seconds.</summary>
    public static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Creates the registry with the process and .NET runtime metrics (process_*, dotnet_*).</summary>
    public GatewayMetricsRegistry()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
    }

    /// <summary>What <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics in <see cref="Registry"/>.</summary>
    public IMetricFactory Factory { get; }
}
