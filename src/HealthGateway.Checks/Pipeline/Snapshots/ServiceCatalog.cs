using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Every service the gateway monitors: the configured ones, plus any health check registered in code (such as
/// the notifier diagnostics), which is non-critical unless configured otherwise. A reloaded configuration replaces
/// the configured part as a whole (<see cref="Replace"/>); readers see the old set or the new one, never a mix.
/// </summary>
public sealed class ServiceCatalog
{
    private State _state;

    /// <summary>Pairs configured definitions with the registrations in the health check registry.</summary>
    /// <exception cref="OptionsValidationException">Two checks share a name.</exception>
    public ServiceCatalog(IEnumerable<ServiceDefinition> configured, HealthCheckServiceOptions registry, GatewayOptions options)
    {
        ThrowOnDuplicates(registry.Registrations.Select(r => r.Name));
        var definitions = configured.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        var services = registry.Registrations
            .Select(registration => new MonitoredService(
                definitions.TryGetValue(registration.Name, out var definition) ? definition : DefaultDefinition(registration, options),
                registration))
            .ToList();
        _state = new State(services, options, 0);
    }

    /// <summary>
    /// The <paramref name="configured"/> services, each with its own registration, followed by the checks registered
    /// in code in <paramref name="registry"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">Two checks share a name.</exception>
    public ServiceCatalog(IReadOnlyList<MonitoredService> configured, HealthCheckServiceOptions registry, GatewayOptions options)
    {
        ThrowOnDuplicates(configured.Select(s => s.Definition.Name).Concat(registry.Registrations.Select(r => r.Name)));
        var services = configured.Concat(registry.Registrations.Select(r => new MonitoredService(DefaultDefinition(r, options), r))).ToList();
        _state = new State(services, options, 0);
    }

    /// <summary>Every monitored service, in registration order.</summary>
    public IReadOnlyList<MonitoredService> Services => Volatile.Read(ref _state).Services;

    /// <summary>Every definition, in registration order.</summary>
    public IReadOnlyList<ServiceDefinition> Definitions => Volatile.Read(ref _state).Definitions;

    /// <summary>The gateway settings the current set was read with (groups and dependencies follow a reload).</summary>
    public GatewayOptions Options => Volatile.Read(ref _state).Options;

    /// <summary>Goes up by one with every <see cref="Replace"/>: caches built over the set compare it.</summary>
    public long Version => Volatile.Read(ref _state).Version;

    /// <summary>
    /// The definitions, settings and version of one set, read together: separate reads of <see cref="Definitions"/>,
    /// <see cref="Options"/> and <see cref="Version"/> may straddle a reload and mix two sets.
    /// </summary>
    public (IReadOnlyList<ServiceDefinition> Definitions, GatewayOptions Options, long Version) Read()
    {
        var state = Volatile.Read(ref _state);
        return (state.Definitions, state.Options, state.Version);
    }

    /// <summary>The service named <paramref name="name"/>, or null.</summary>
    public MonitoredService? Find(string name) =>
        Services.FirstOrDefault(s => string.Equals(s.Definition.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Replaces the configured services (those with a <see cref="MonitoredService.Fingerprint"/>) by
    /// <paramref name="configured"/>; the checks registered in code stay. Called by the snapshot store, under its lock.
    /// </summary>
    internal void Replace(IReadOnlyList<MonitoredService> configured, GatewayOptions options)
    {
        var current = Volatile.Read(ref _state);
        var services = configured.Concat(current.Services.Where(s => s.Fingerprint is null)).ToList();
        Volatile.Write(ref _state, new State(services, options, current.Version + 1));
    }

    private static void ThrowOnDuplicates(IEnumerable<string> names)
    {
        var duplicates = names.GroupBy(name => name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions),
                duplicates.Select(name => $"HealthGateway:Services:{name}: duplicate name; another check is already registered as '{name}'"));
        }
    }

    private static ServiceDefinition DefaultDefinition(HealthCheckRegistration registration, GatewayOptions options)
    {
        var timeout = registration.Timeout > TimeSpan.Zero && registration.Timeout != Timeout.InfiniteTimeSpan ? registration.Timeout : options.DefaultTimeout;
        var kind = registration.Tags.FirstOrDefault() ?? "custom";
        return new ServiceDefinition(registration.Name, kind, Critical: false, timeout, DegradedAfter: null,
            registration.Tags.ToList(), Target: "", FailureThreshold: 1, SuccessThreshold: 1, Retries: 0, RetryDelay: TimeSpan.Zero);
    }

    private sealed class State(IReadOnlyList<MonitoredService> services, GatewayOptions options, long version)
    {
        public IReadOnlyList<MonitoredService> Services { get; } = services;

        public IReadOnlyList<ServiceDefinition> Definitions { get; } = services.Select(s => s.Definition).ToList();

        public GatewayOptions Options { get; } = options;

        public long Version { get; } = version;
    }
}
