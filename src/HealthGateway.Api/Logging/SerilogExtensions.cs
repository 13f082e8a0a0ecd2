using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace HealthGateway.Api.Logging;

/// <summary>Serilog for all logging, its levels from the <c>Serilog:MinimumLevel</c> section (<see cref="SerilogLevelConfiguration"/>).</summary>
public static class SerilogExtensions
{
    /// <summary>
    /// Console output as text, or as compact JSON for log shippers when <c>HealthGateway:LogFormat</c> is
    /// <c>json</c>. Sinks registered in DI (<see cref="Serilog.Core.ILogEventSink"/>) receive every event too.
    /// </summary>
    public static WebApplicationBuilder AddGatewaySerilog(this WebApplicationBuilder builder)
    {
        var json = string.Equals(builder.Configuration["HealthGateway:LogFormat"], "json", StringComparison.OrdinalIgnoreCase);
        // The health-check framework would log an error with a stack trace for every unhealthy check on every run,
        // and HttpClient logs every URL it calls: our transition log replaces both. Serilog:MinimumLevel overrides.
        var levels = new SerilogLevelConfiguration(builder.Configuration, LogEventLevel.Information, new Dictionary<string, LogEventLevel>(StringComparer.Ordinal)
        {
            ["Microsoft.Extensions.Diagnostics.HealthChecks"] = LogEventLevel.Fatal,
            ["System.Net.Http.HttpClient"] = LogEventLevel.Warning,
            ["Polly"] = LogEventLevel.Fatal,
            ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
            ["Microsoft.Hosting.Lifetime"] = LogEventLevel.Information,
        });
        // preserveStaticLogger: each host keeps its own logger instead of replacing the process-wide Log.Logger,
        // which the factory would otherwise write through (two hosts in one process, as in tests, would mix up).
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logger) =>
        {
            levels.ApplyTo(logger)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<ApiKeyQueryRedactor>()
                // A start-up failure the gateway describes in one line (a port in use, a bad setting) is not also
                // logged by the host with its stack trace; one it cannot describe still is.
                .Filter.ByExcluding(e => e.Level >= LogEventLevel.Error && e.Exception is { } exception
                    && e.Properties.TryGetValue("SourceContext", out var source) && source.ToString() == "\"Microsoft.Extensions.Hosting.Internal.Host\""
                    && Hosting.StartupErrors.Describe(exception) is not null);
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }

    /// <summary>
    /// One line per request, at Debug for the health and metrics endpoints so that a CI fleet polling them does
    /// not flood the log, and for <c>POST /events</c>, which producers call once per agent event. The query string
    /// is not logged: it may carry an API key.
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
            context => !IsWebSocketEndpoint(context.Request.Path) && (!IsPolled(context) || requestLog.IsEnabled(LogLevel.Debug)),
            branch => branch.UseSerilogRequestLogging(options =>
            {
                // The host's own logger (see AddGatewaySerilog): without it the middleware writes through the static
                // Log.Logger, which preserveStaticLogger leaves silent.
                options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
                options.GetLevel = (context, _, exception) =>
                    exception is not null || context.Response.StatusCode >= 500 && !IsPolled(context) ? LogEventLevel.Error
                    : IsPolled(context) || IsEventIntake(context.Request.Path) ? LogEventLevel.Debug
                    : LogEventLevel.Information;
            }));
        return app;
    }

    // A WebSocket request lasts as long as its connection: its request-log line would come hours later and say
    // less than the manager's own "opened" and "ended" lines, while its diagnostic context stayed alive for each
    // of thousands of idle connections. The manager logs them; the request logger leaves them alone.
    private static bool IsWebSocketEndpoint(PathString path) => path.StartsWithSegments("/ws", StringComparison.OrdinalIgnoreCase);

    // Producers post every agent event here: a line per event would drown everything else. Errors still log.
    private static bool IsEventIntake(PathString path) => path.StartsWithSegments("/events", StringComparison.OrdinalIgnoreCase);

    private static bool IsPolled(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
