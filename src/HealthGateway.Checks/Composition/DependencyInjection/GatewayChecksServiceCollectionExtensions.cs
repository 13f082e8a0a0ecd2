using System.Runtime.CompilerServices;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway's checks, poller and snapshot store from configuration.</summary>
public static class GatewayChecksServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (on start) the <c>HealthGateway</c> section, registers one health check per enabled
    /// service, and the poller that runs them. Checks registered in code with <c>AddHealthChecks()</c> are
    /// monitored too. Other features add their secrets to the redactor by registering an <see cref="ISecretSource"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>HealthGateway</c> section.</param>
    /// <param name="kinds">The kinds a service may have; <see cref="ServiceKindCatalog.BuiltIn"/> when null.</param>
    /// <exception cref="OptionsValidationException">A value cannot be converted (for example a malformed timeout); the message names the service and field.</exception>
    public static IServiceCollection AddGatewayChecks(this IServiceCollection services, IConfiguration configuration, ServiceKindCatalog? kinds = null)
    {
        kinds ??= ServiceKindCatalog.BuiltIn;
        // The section is read in one pass (see GatewayConfiguration); reading it section by section from the whole
        // configuration costs a scan of every key per service.
        var read = GatewayConfiguration.Read(configuration);
        if (RawValueChecker.FindUnreadableValues(read, kinds) is { Count: > 0 } unreadable)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), unreadable);
        }

        services.AddOptions<GatewayOptions>().Configure(options => GatewayConfiguration.Read(configuration).Bind(options)).ValidateOnStart();

        // One GatewayOptions, not two: the start-up validation asks the monitor, and IOptions would otherwise bind
        // (and validate) a second copy of every service's options.
        services.AddSingleton<IOptions<GatewayOptions>>(sp => new OptionsWrapper<GatewayOptions>(sp.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue));
        services.AddSingleton<IOptionsChangeTokenSource<GatewayOptions>>(new ConfigurationChangeTokenSource<GatewayOptions>(configuration));
        services.AddSingleton<IValidateOptions<GatewayOptions>>(new GatewayOptionsValidator(configuration, kinds));
        services.AddSingleton<IValidateOptions<GatewayOptions>, HealthGateway.Checks.Composition.Validation.ReadinessOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(kinds);

        // Anything invalid is skipped here and reported by validation at start, with every problem named, instead of
        // throwing one at a time from here. Each configured check lives in a host of its own (not in this
        // container), as those a reload adds do: one way for a service to run, whenever it was configured.
        var configured = new StrongBox<List<(ConfiguredService Service, string Fingerprint)>?>(Fingerprinted(read, kinds));
        services.AddHealthChecks();
        services.AddSingleton<ServiceCheckHosts>();
        services.AddSingleton(sp =>
        {
            // Taken, not kept: once each service's check exists, what the kinds read is garbage.
            var hosts = sp.GetRequiredService<ServiceCheckHosts>();
            var monitored = (Interlocked.Exchange(ref configured.Value, null) ?? []).Select(c => hosts.Add(c.Service, c.Fingerprint)).ToList();
            return new ServiceCatalog(monitored, sp.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value,
                sp.GetRequiredService<IOptions<GatewayOptions>>().Value);
        });
        services.AddSingleton<ISecretSource>(new SecretSource(() => GatewayServices.Secrets(GatewayConfiguration.Read(configuration), kinds)));
        services.AddSingleton(sp => new SecretRedactor(sp.GetServices<ISecretSource>()));
        services.AddSingleton(sp => new ServiceCheckRunner(sp, sp.GetRequiredService<SecretRedactor>(), sp.GetRequiredService<TimeProvider>(), kinds));
        services.AddSingleton<HealthSnapshotStore>();
        services.AddSingleton<IStateTransitionSink, LoggingTransitionSink>();
        services.AddSingleton<HealthPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthPoller>());
        services.AddSingleton<ServiceCatalogReloader>();
        return services;
    }

    // Fingerprinted here, in a method of its own, so the factories above hold the services (no lambda there captures
    // the read configuration, which is large and only needed at start).
    private static List<(ConfiguredService Service, string Fingerprint)> Fingerprinted(GatewayConfiguration read, ServiceKindCatalog kinds) =>
        GatewayServices.Read(read, kinds).Services
            .Select(service => (service, ServiceFingerprint.Of(read.Service(service.Definition.Name), service.Definition)))
            .ToList();
}
