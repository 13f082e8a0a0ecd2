using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace HealthGateway.Api.Logging;

/// <summary>Serilog for all logging, configured from the <c>Serilog</c> section.</summary>
public static class SerilogExtensions
{
    /// <summary>
    /// Console output as text, or as compact JSON for log shippers when <c>HealthGateway:LogFormat</c> is
    /// <c>json</c>. Sinks registered in DI (<see cref="Serilog.Core.ILogEventSink"/>) receive every event too.
    /// </summary>
    public static WebApplicationBuilder AddGatewaySerilog(this WebApplicationBuilder builder)
    {
        var json = string.Equals(builder.Configuration["HealthGateway:LogFormat"], "json", StringComparison.OrdinalIgnoreCase);
        // preserveStaticLogger: each host logs through its own logger, not the process-wide Log.Logger. Otherwise the
        // last host built takes every host's events (and disposing any host silences the others), which is what
        // happens with several gateways in one test process.
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()

                // The health-check framework would log an error with a stack trace for every unhealthy check on
                // every run, and HttpClient logs every URL it calls: our transition log replaces both.
                .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Fatal)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<ApiKeyQueryRedactor>();
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }, preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One line per request, at Debug for the health and metrics endpoints so that a CI fleet polling them does
    /// not flood the log. The query string is not logged: it may carry an API key.
    /// </summary>
    public static WebApplication UseGatewayRequestLogging(this WebApplication app)
    {
        // The request-logging middleware costs about as much per request as the rest of the pipeline together
        // (a logger and a diagnostic context per request, two AsyncLocal writes), even when the event is then
        // dropped as below the minimum level. Polled endpoints skip it while Debug is off; an unhandled exception
        // there is still logged, by the exception handler. The level is read per request, so a changed minimum
        // level applies at once.
        var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Serilog.AspNetCore.RequestLoggingMiddleware");
        app.UseWhen(
            context => !IsPolled(context.Request.Path) || requestLog.IsEnabled(LogLevel.Debug),
            branch => branch.UseSerilogRequestLogging(options =>
            {
                // The host's own logger (see AddGatewaySerilog); the middleware would otherwise use the static one.
                options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
                options.GetLevel = (context, _, exception) =>
                    exception is not null || context.Response.StatusCode >= 500 && !IsPolled(context.Request.Path) ? LogEventLevel.Error
                    : IsPolled(context.Request.Path) ? LogEventLevel.Debug
                    : LogEventLevel.Information;
            }));
        return app;
    }

    private static bool IsPolled(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
