using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Readiness;

/// <summary>
/// An immutable answer to "is this environment ready?", rebuilt whenever any service's result changes. Every
/// readiness request is served from the current one, so request rate never turns into dependency load.
/// </summary>
/// <param name="Version">Grows by one with each rebuild; lets callers cache work per snapshot and wait for a newer one.</param>
/// <param name="Phase">Starting, Running or Stopping.</param>
/// <param name="Status">Healthy, Degraded or Unhealthy, never anything else.</param>
/// <param name="Ready">True exactly when the readiness endpoint answers 200.</param>
/// <param name="AllCriticalServicesAvailable">No critical service is Unhealthy or unchecked.</param>
/// <param name="UnavailableServices">Services whose latest result is Unhealthy, critical or not.</param>
/// <param name="CriticalServices">Every service required for this answer: by default the critical ones, else the caller's selection.</param>
/// <param name="PendingServices">Services not checked yet.</param>
/// <param name="Entries">Every service, checked or not, in configuration order.</param>
/// <param name="CheckedAt">When the newest result in this snapshot was taken.</param>
/// <param name="TotalDuration">The longest check in this snapshot: checks run in parallel.</param>
public sealed record ReadinessSnapshot(
    long Version,
    GatewayPhase Phase,
    HealthStatus Status,
    bool Ready,
    bool AllCriticalServicesAvailable,
    IReadOnlyList<string> UnavailableServices,
    IReadOnlyList<string> CriticalServices,
    IReadOnlyList<string> PendingServices,
    IReadOnlyList<ServiceEntry> Entries,
    DateTimeOffset CheckedAt,
    TimeSpan TotalDuration)
{
    /// <summary>The unavailable services not explained by another unavailable one they depend on.</summary>
    public IReadOnlyList<string> RootCauses { get; init; } = [];
}
