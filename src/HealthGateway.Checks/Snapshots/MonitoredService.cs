using HealthGateway.Checks.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Snapshots;

/// <summary>A service the poller checks: its resolved definition and the health check registration that runs it.</summary>
/// <param name="Definition">What the service is and how it is judged.</param>
/// <param name="Registration">The health check to run.</param>
public sealed record MonitoredService(ServiceDefinition Definition, HealthCheckRegistration Registration);
