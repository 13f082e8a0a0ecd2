using System.Diagnostics.Metrics;
using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Composition.Reload;

/// <summary>
/// One configured service's check and what it owns (its connection pool, HTTP handler, certificate inspector), so a
/// service read from a reloaded file can be added after the host was built, and a removed or changed one lets go of
/// its connections when its host is disposed. A kind that creates its check (<see cref="IServiceKind.Create"/>)
/// costs the check alone; for a kind that registers its check instead, the host is a small container of its own
/// over the gateway's shared parts (clock, logging, meters, the redactor).
/// </summary>
public sealed class ServiceCheckHost : IAsyncDisposable
{
    private readonly IAsyncDisposable _owned;

    private ServiceCheckHost(IAsyncDisposable owned, MonitoredService service)
    {
        _owned = owned;
        Service = service;
    }

    /// <summary>The service as the poller runs it: its registration returns the service's one check.</summary>
    public MonitoredService Service { get; }

    /// <summary>
    /// The host of <paramref name="service"/>: the check its kind creates from <paramref name="shared"/>, or, for a
    /// kind that registers its check, a container of its own over <paramref name="gateway"/>'s shared services.
    /// </summary>
    public static ServiceCheckHost Create(ConfiguredService service, string fingerprint, IServiceProvider gateway, CheckServices shared)
    {
        var definition = service.Definition;
        if (service.Create(shared) is { } owned)
        {
            var check = owned.Check;
            var registration = new HealthCheckRegistration(definition.Name, _ => check, HealthStatus.Unhealthy, definition.Tags, definition.Timeout);
            return new ServiceCheckHost(owned, new MonitoredService(definition, registration, fingerprint));
        }

        return CreateContainer(service, fingerprint, gateway);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _owned.DisposeAsync();

    private static ServiceCheckHost CreateContainer(ConfiguredService service, string fingerprint, IServiceProvider gateway)
    {
        var services = new ServiceCollection();

        // Instances, not factories: the host must never dispose what the gateway owns.
        services.AddSingleton(gateway.GetRequiredService<TimeProvider>());
        services.AddSingleton(gateway.GetRequiredService<SecretRedactor>());
        if (gateway.GetService<ILoggerFactory>() is { } logging)
        {
            services.AddSingleton(logging);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        }

        if (gateway.GetService<IMeterFactory>() is { } meters)
        {
            services.AddSingleton(meters);
        }

        foreach (var state in gateway.GetServices<ISharedCheckState>())
        {
            services.AddSingleton(state.ServiceType, state);
        }

        service.Register(services.AddHealthChecks());
        var provider = services.BuildServiceProvider();
        var registration = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();

        // Created now, not at the first run: a push service takes heartbeats from the start, owned here or not.
        _ = provider.GetServices<IEagerHealthCheck>().Count();

        // The runner passes its own scope's provider; this check's services live here instead.
        var own = new HealthCheckRegistration(registration.Name, _ => registration.Factory(provider), registration.FailureStatus,
            registration.Tags, registration.Timeout);
        return new ServiceCheckHost(provider, new MonitoredService(service.Definition, own, fingerprint));
    }
}
