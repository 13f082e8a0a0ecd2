using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>A service the poller checks: its resolved definition and the health check registration that runs it.</summary>
/// <param name="Definition">What the service is and how it is judged.</param>
/// <param name="Registration">The health check to run.</param>
/// <param name="Fingerprint">
/// A hash of the service's configuration, for telling a reloaded service that changed from one that did not; null for
/// a check registered in code, which configuration never adds, changes or removes.
/// </param>
public sealed record MonitoredService(ServiceDefinition Definition, HealthCheckRegistration Registration, string? Fingerprint = null);
