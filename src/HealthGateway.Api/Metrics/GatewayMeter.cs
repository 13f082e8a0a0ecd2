using System.Diagnostics.Metrics;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The gateway's one <see cref="Meter"/>: every gateway metric is an instrument on it, and both <c>/metrics</c>
/// (<see cref="PrometheusTextExposition"/>) and the OTLP exporter read those same instruments. Created through
/// <see cref="IMeterFactory"/>, so two gateways in one process (as in tests) have meters of their own.
/// </summary>
public sealed class GatewayMeter(IMeterFactory factory)
{
    /// <summary>The meter name OpenTelemetry subscribes to.</summary>
    public const string Name = "HealthGateway";

    /// <summary>Bucket bounds (s) for check durations: a refused port answers in a millisecond, a slow backend in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>The meter.</summary>
    public Meter Meter { get; } = factory.Create(Name);

    /// <summary>
    /// A histogram in seconds with <see cref="DurationBuckets"/> as advice, which the OpenTelemetry SDK and
    /// <c>/metrics</c> both honour, so the two show the same buckets.
    /// </summary>
    public Histogram<double> CreateDurationHistogram(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
}
