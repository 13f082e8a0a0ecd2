namespace HealthGateway.Api.Health;

/// <summary>
/// The <c>/health/ready</c> body: the HealthChecks UI client format (status, totalDuration, entries) plus the
/// summary a test runner needs. <c>status</c> is always Healthy, Degraded or Unhealthy; the life phase has a
/// field of its own because the UI rejects any other status. <c>rootCauses</c> lists the unavailable services
/// that no other unavailable one explains (via <c>DependsOn</c>). <c>config</c> says when the configuration was
/// last loaded and why the last reload was rejected, if it was. <c>silencedServices</c> lists the critical services
/// that are down while a silence covers them (empty when none is).
/// </summary>
public sealed record ReadinessResponse(
    string Status,
    TimeSpan TotalDuration,
    bool AllCriticalServicesAvailable,
    IReadOnlyList<string> UnavailableServices,
    IReadOnlyList<string> CriticalServices,
    IReadOnlyList<string> PendingServices,
    string Phase,
    DateTimeOffset CheckedAt,
    IReadOnlyDictionary<string, ReadinessEntry> Entries,
    IReadOnlyList<string>? RootCauses = null,
    ConfigLoadResponse? Config = null,
    IReadOnlyList<SilencedServiceResponse>? SilencedServices = null);
