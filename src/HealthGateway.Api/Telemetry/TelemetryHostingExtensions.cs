using HealthGateway.Api.Diagnostics;
using HealthGateway.Api.Metrics;
using HealthGateway.Checks.Pipeline.Running;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HealthGateway.Api.Telemetry;

/// <summary>
/// OpenTelemetry export over OTLP of the gateway's own instruments (the same <see cref="GatewayMeter"/> that
/// <c>/metrics</c> reads), its check and diagnostics spans, and the ASP.NET Core, HttpClient and runtime
/// instruments. Only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: otherwise no provider exists and nothing
/// listens or is exported.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>Registers the OpenTelemetry SDK with OTLP exporters when an endpoint is configured.</summary>
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        if (OtlpSettings.From(builder.Configuration) is not { } settings)
        {
            return builder;
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMeter.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = settings.Protocol;
                    exporter.Endpoint = settings.SignalEndpoint("/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.MetricExportInterval.TotalMilliseconds;
                }))
            .WithTracing(tracing => tracing
                .AddSource(CheckActivities.SourceName, DiagnosticsActivities.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPolled(context.Request.Path))
                .AddHttpClientInstrumentation()
                // Before the exporter: a URL's path and query can hold a token, and only its origin is exported.
                .AddProcessor(new UrlOriginSpanProcessor())
                .AddOtlpExporter(exporter =>
                {
                    exporter.Protocol = settings.Protocol;
                    exporter.Endpoint = settings.SignalEndpoint("/v1/traces");
                }));
        return builder;
    }

    /// <summary>
    /// Readiness, liveness, metrics and the dashboard's polling get no request span: CI fleets and probes hit them
    /// thousands of times a minute, and the check spans already say what readiness is made of.
    /// </summary>
    private static bool IsPolled(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
