using HealthGateway.Api.AgentEvents;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Kinds.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Backplane;

public static class BackplaneHostingExtensions
{
    /// <summary>
    /// Validates <c>HealthGateway:Backplane</c> on start and, when its <c>Redis</c> is set (read once at start),
    /// decorates the agent-event sink with the Redis backplane (<see cref="BackplanePublisher"/>): the subscription
    /// as a hosted service, every producer's events through Redis to every replica, and the <c>backplane</c> health
    /// check (failure status Degraded, tag <c>backplane</c>, deadline PublishTimeout + 1 s). Without it the sink
    /// stays as it was: this replica's connections only.
    /// </summary>
    public static AgentEventSinkBuilder WithBackplaneWhenConfigured(this AgentEventSinkBuilder events)
    {
        var services = events.Host.Services;
        services.AddOptions<BackplaneOptions>()
            .BindConfiguration(BackplaneOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackplaneOptions>, BackplaneOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The backplane's own secret (its Redis password) goes to the redactor from here, not from the checks library.
        var configuration = events.Host.Configuration;
        services.AddSingleton<ISecretSource>(new SecretSource(() => RedisTarget.Secrets(configuration[$"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)}"])));
        if (string.IsNullOrWhiteSpace(configuration[$"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)}"]))
        {
            return events;
        }

        services.AddSingleton<BackplaneConnection>();
        services.AddSingleton<BackplaneStatistics>();
        services.AddSingleton(provider => new OwnEventClaims(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BackplaneSubscription>();
        services.AddHostedService(provider => provider.GetRequiredService<BackplaneSubscription>());
        services.AddSingleton(provider =>
        {
            var connection = provider.GetRequiredService<BackplaneConnection>();
            return new AgentEventRelayInfo(connection.ChannelName, connection.Target, provider.GetRequiredService<IOptions<BackplaneOptions>>().Value.PublishTimeout);
        });

        // Within its own budget: each step of the check is bounded by PublishTimeout; the gateway's deadline is a backstop.
        var publishTimeout = configuration.GetValue($"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.PublishTimeout)}", new BackplaneOptions().PublishTimeout);
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>(
            "backplane", failureStatus: HealthStatus.Degraded, tags: ["backplane"], timeout: publishTimeout + TimeSpan.FromSeconds(1));

        return events.Decorate((provider, inner) => ActivatorUtilities.CreateInstance<BackplanePublisher>(provider, inner));
    }
}
