using HealthGateway.Api.Alerts;
using HealthGateway.Api.Backplane;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Fleet;

public static class FleetHostingExtensions
{
    /// <summary>
    /// Validates <c>HealthGateway:Fleet</c> on start and, when the Redis backplane is configured and the fleet is not
    /// turned off (both read once at start), makes this replica a member of the fleet: the poller checks only what
    /// this replica owns (<see cref="ICheckOwnership"/>), other members' results are recorded here, and webhooks are
    /// claimed per transition (<see cref="ITransitionClaims"/>). Without it every replica checks and alerts on its own.
    /// </summary>
    public static WebApplicationBuilder AddFleetWhenConfigured(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>();
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration[$"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)}"])
            || !configuration.GetValue($"{FleetOptions.SectionName}:{nameof(FleetOptions.Enabled)}", true))
        {
            return builder;
        }

        services.AddSingleton(sp => new FleetKeys(sp.GetRequiredService<IOptions<FleetOptions>>().Value.KeyPrefix));
        services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var waitInterval = gateway.WaitPollInterval < gateway.PollInterval ? gateway.WaitPollInterval : gateway.PollInterval;
            return new FleetTimings(sp.GetRequiredService<IOptions<FleetOptions>>().Value.EffectiveMemberTimeout(gateway.PollInterval),
                gateway.PollInterval, waitInterval, sp.GetRequiredService<IOptions<BackplaneOptions>>().Value.PublishTimeout);
        });
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<ServiceCatalog>();
            return new FleetState(FleetView.Standalone(sp.GetRequiredService<BackplaneConnection>().ReplicaId, catalog.Services, catalog.Version));
        });
        services.AddSingleton<FleetResults>();
        services.AddSingleton<ICheckResultSink>(sp => sp.GetRequiredService<FleetResults>());
        services.AddSingleton<FleetHurries>();
        services.AddSingleton<FleetHeartbeats>();
        services.AddSingleton<ICheckOwnership, FleetOwnership>();
        services.AddSingleton<ITransitionClaims>(sp => new FleetClaims(sp.GetRequiredService<FleetState>(), sp.GetRequiredService<FleetResults>(),
            sp.GetRequiredService<FleetKeys>(), sp.GetRequiredService<BackplaneConnection>(), sp.GetRequiredService<IOptions<FleetOptions>>().Value.TransitionClaimTtl));
        services.AddHostedService<FleetCoordinator>();
        return builder;
    }
}
