using HealthGateway.Api.Events;
using HealthGateway.Api.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Backplane;

public static class BackplaneHostingExtensions
{
    /// <summary>
    /// Registers the event publisher behind <c>POST /events</c> and, when <c>HealthGateway:Backplane:Redis</c> is set
    /// (read once at start), the Redis backplane: the subscription as a hosted service, the notify methods routed
    /// through it, and the <c>backplane</c> health check (failure status Degraded, tag <c>backplane</c>). Call after
    /// <c>AddNotifications</c>.
    /// </summary>
    public static WebApplicationBuilder AddBackplane(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BackplaneOptions>()
            .BindConfiguration(BackplaneOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackplaneOptions>, BackplaneOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HealthGateway.Checks.Execution.ISecretSource>(new HealthGateway.Checks.Execution.SecretSource(() => HealthGateway.Checks.Targets.RedisTarget.Secrets(builder.Configuration[$"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)}"])));

        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)}"]))
        {
            services.AddSingleton(provider => new AgentEventPublisher(provider.GetRequiredService<WebSocketNotificationManager>()));
            return builder;
        }

        services.AddSingleton<RedisBackplane>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisBackplane>());
        services.AddSingleton(provider => new AgentEventPublisher(
            provider.GetRequiredService<WebSocketNotificationManager>(), provider.GetRequiredService<RedisBackplane>()));

        // Replaces the manager as the notifier, so the diagnostics probe and in-process producers go through Redis too.
        services.AddSingleton<IAgentEventNotifier, BackplaneAgentEventNotifier>();
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane", failureStatus: HealthStatus.Degraded, tags: ["backplane"]);
        return builder;
    }
}
