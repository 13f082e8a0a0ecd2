using HealthGateway.Api.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Notifications;

public static class NotificationsHostingExtensions
{
    /// <summary>
    /// Registers the notification manager (<see cref="WebSocketNotificationManager"/>, also as
    /// <see cref="IAgentEventNotifier"/>), its options (<c>HealthGateway:Notifications</c>, validated on start), the
    /// diagnostics probe and rate limit, and the <c>notifier</c> health check (tag <c>diagnostics</c>).
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SendQueueBudget>();
        services.AddSingleton<WebSocketNotificationManager>();
        // Everything that sends events resolves the interface, so a test can decorate it.
        services.AddSingleton<IAgentEventNotifier>(provider => provider.GetRequiredService<WebSocketNotificationManager>());
        services.AddSingleton<NotifierProbe>();

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

    /// <summary>Adds the WebSocket and rate-limiter middleware and maps <c>GET /ws</c> and <c>POST /diagnostics/notifier</c>.</summary>
    public static WebApplication MapNotifications(this WebApplication app)
    {
        SendQueueMetrics.Register(app.Services);
        app.UseWebSockets();
        app.UseRateLimiter();
        app.MapNotificationEndpoints();
        app.MapDiagnosticsEndpoints();
        return app;
    }
}
