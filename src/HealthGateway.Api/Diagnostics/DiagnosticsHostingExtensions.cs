using HealthGateway.Api.Notifications;
using HealthGateway.Api.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Diagnostics;

public static class DiagnosticsHostingExtensions
{
    /// <summary>
    /// Registers the notifier diagnostics: the probe, its rate limit, and the <c>notifier</c> health check (tag
    /// <c>diagnostics</c>, unless <c>HealthGateway:Notifications:HealthCheckEnabled</c> is false). Needs
    /// <c>AddNotifications</c>: the probe drives the agent-event sink and watches the manager register its socket.
    /// </summary>
    public static WebApplicationBuilder AddNotifierDiagnostics(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<NotifierProbe>();

        // Who may run diagnostics; the probe's own key to /ws.
        builder.AddGatewayAccess();
        // Its typed results are written with the HTTP JSON options: source-generated metadata first (native build).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DiagnosticsJsonContext.Default));
        services.AddProblemDetails();
        services.AddRateLimiter(limiter =>
            limiter.AddPolicy<string, NotifierRateLimitPolicy>(DiagnosticsEndpoints.NotifierRateLimitPolicyName));
        if (builder.Configuration.GetValue($"{NotificationOptions.SectionName}:{nameof(NotificationOptions.HealthCheckEnabled)}", true))
        {
            // The gateway's deadline for this check is the probe's own budget plus a margin for connecting.
            var budget = builder.Configuration.GetValue($"{NotificationOptions.SectionName}:{nameof(NotificationOptions.HealthCheckBudget)}", TimeSpan.FromSeconds(5));
            services.AddHealthChecks()
                .AddCheck<NotifierHealthCheck>("notifier", failureStatus: HealthStatus.Unhealthy, tags: ["diagnostics"], timeout: budget + TimeSpan.FromSeconds(1));
        }

        return builder;
    }

    /// <summary>Adds the rate-limiter middleware and maps <c>POST /diagnostics/notifier</c>.</summary>
    public static WebApplication MapNotifierDiagnostics(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapDiagnosticsEndpoints();
        return app;
    }
}
