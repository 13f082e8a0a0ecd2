using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>One service in a readiness snapshot: what it is and its latest reported result.</summary>
/// <param name="Definition">The service.</param>
/// <param name="Result">The latest result after flap control; null until its first check completes.</param>
/// <param name="RootCause">The deepest Unhealthy service this Unhealthy one depends on; null when none is.</param>
public sealed record ServiceEntry(ServiceDefinition Definition, ServiceCheckResult? Result, string? RootCause = null);
