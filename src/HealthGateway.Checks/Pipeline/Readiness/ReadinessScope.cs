using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// Which services count for one readiness answer, and which of those must be up for it to be 200. The default
/// scope is every service, with the critical ones required; a caller's selection narrows both.
/// </summary>
/// <param name="Counted">The services the answer is about (entries, unavailableServices), in display order.</param>
/// <param name="Required">The names, among <paramref name="Counted"/>, that must be Healthy or Degraded.</param>
public sealed record ReadinessScope(IReadOnlyList<ServiceDefinition> Counted, IReadOnlySet<string> Required)
{
    /// <summary>Every service counts; the critical ones are required.</summary>
    public static ReadinessScope Default(IReadOnlyList<ServiceDefinition> services) =>
        new(services, services.Where(s => s.Critical).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="service"/> must be up for this answer to be ready.</summary>
    public bool IsRequired(ServiceDefinition service) => Required.Contains(service.Name);
}
