using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format, and the instruments behind it.</summary>
public static class MetricsEndpoints
{
    /// <summary>The gateway meter and its instruments, the process meter, and the exposition that reads both.</summary>
    public static WebApplicationBuilder AddGatewayMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMeter>();
        builder.Services.AddSingleton<ProcessMetrics>();
        builder.Services.AddSingleton<NotifierMetrics>();
        builder.Services.AddSingleton<ReadinessMetrics>();
        builder.Services.AddSingleton<ICheckResultSink, CheckResultMetrics>();
        builder.Services.AddSingleton<CertificateExpiryMetrics>();
        builder.Services.AddSingleton<ICheckResultSink>(sp => sp.GetRequiredService<CertificateExpiryMetrics>());
        builder.Services.AddSingleton<IConfigurationReloadSink>(sp => sp.GetRequiredService<CertificateExpiryMetrics>());
        builder.Services.AddSingleton<IConfigurationReloadSink, ConfigurationReloadMetrics>();
        builder.Services.AddSingleton<PrometheusTextExposition>();
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c>.</summary>
    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder routes)
    {
        // The exposition listens from its creation on, and the readiness gauges exist once created: both before
        // the first check and the first scrape (an OTLP exporter started earlier sees the gauges appear then).
        var exposition = routes.ServiceProvider.GetRequiredService<PrometheusTextExposition>();
        routes.ServiceProvider.GetRequiredService<ReadinessMetrics>();
        routes.MapGet("/metrics", () => TypedResults.Text(exposition.Render(), PrometheusTextExposition.ContentType))
            .WithTags("Metrics");
        return routes;
    }
}
