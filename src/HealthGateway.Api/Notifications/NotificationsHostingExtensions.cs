using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Notifications;

public static class NotificationsHostingExtensions
{
    /// <summary>
    /// Registers the notification manager (<see cref="WebSocketNotificationManager"/>) and its options
    /// (<c>HealthGateway:Notifications</c>, validated on start), and makes the manager the terminal
    /// <see cref="IAgentEventSink"/>. Decorate the returned builder to choose what events go through before they
    /// reach it (e.g. <c>.WithBackplaneWhenConfigured()</c>).
    /// </summary>
    public static AgentEventSinkBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SendQueueBudget>();
        services.AddSingleton<WebSocketNotificationManager>();
        services.AddProblemDetails();

        // Who may open /ws, and as whom.
        builder.AddGatewayAccess();
        return builder.AddAgentEventSink(provider => provider.GetRequiredService<WebSocketNotificationManager>());
    }

    /// <summary>Adds the WebSocket middleware and maps <c>GET /ws</c>.</summary>
    public static WebApplication MapNotifications(this WebApplication app)
    {
        SendQueueMetrics.Register(app.Services);
        app.UseWebSockets();
        app.MapNotificationEndpoints();
        return app;
    }
}
