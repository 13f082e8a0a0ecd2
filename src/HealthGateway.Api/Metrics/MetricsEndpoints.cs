using HealthGateway.Checks.Snapshots;
using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format, and the services behind it.</summary>
public static class MetricsEndpoints
{
    /// <summary>The registry, the per-check and readiness metrics, and the notifier diagnostics counters.</summary>
    public static WebApplicationBuilder AddGatewayMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetricsRegistry>();
        builder.Services.AddSingleton<NotifierMetrics>();
        builder.Services.AddSingleton<ReadinessMetrics>();
        builder.Services.AddSingleton<ICheckResultSink, CheckResultMetrics>();
        builder.Services.AddSingleton<ICheckResultSink, CertificateExpiryMetrics>();
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder routes)
    {
        // The readiness gauges register their refresh with the registry when created: create them before the
        // first scrape.
        routes.ServiceProvider.GetRequiredService<ReadinessMetrics>();
        var registry = routes.ServiceProvider.GetRequiredService<GatewayMetricsRegistry>().Registry;
        routes.MapMetrics("/metrics", registry).WithTags("Metrics");
        return routes;
    }
}
