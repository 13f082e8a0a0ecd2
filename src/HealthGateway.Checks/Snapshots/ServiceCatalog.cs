using HealthGateway.Checks.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Snapshots;

/// <summary>
/// Every service the gateway monitors: the configured ones, plus any health check registered in code (such as
/// the notifier diagnostics), which is non-critical unless configured otherwise.
/// </summary>
public sealed class ServiceCatalog
{
    /// <summary>Pairs configured definitions with the registrations in the health check registry.</summary>
    /// <exception cref="OptionsValidationException">Two checks share a name.</exception>
    public ServiceCatalog(IEnumerable<ServiceDefinition> configured, HealthCheckServiceOptions registry, GatewayOptions options)
    {
        var duplicates = registry.Registrations.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions),
                duplicates.Select(name => $"HealthGateway:Services:{name}: duplicate name; another check is already registered as '{name}'"));
        }

        var definitions = configured.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        Services = registry.Registrations
            .Select(registration => new MonitoredService(
                definitions.TryGetValue(registration.Name, out var definition) ? definition : DefaultDefinition(registration, options),
                registration))
            .ToList();
        Definitions = Services.Select(s => s.Definition).ToList();
    }

    /// <summary>Every monitored service, in registration order.</summary>
    public IReadOnlyList<MonitoredService> Services { get; }

    /// <summary>Every definition, in registration order.</summary>
    public IReadOnlyList<ServiceDefinition> Definitions { get; }

    private static ServiceDefinition DefaultDefinition(HealthCheckRegistration registration, GatewayOptions options)
    {
        var timeout = registration.Timeout > TimeSpan.Zero && registration.Timeout != Timeout.InfiniteTimeSpan ? registration.Timeout : options.DefaultTimeout;
        var kind = registration.Tags.FirstOrDefault() ?? "custom";
        return new ServiceDefinition(registration.Name, kind, Critical: false, timeout, DegradedAfter: null,
            registration.Tags.ToList(), Target: "", FailureThreshold: 1, SuccessThreshold: 1, Retries: 0, RetryDelay: TimeSpan.Zero);
    }
}
