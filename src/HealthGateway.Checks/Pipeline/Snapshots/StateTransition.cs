using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>A service's reported status changed.</summary>
/// <param name="Service">The service name.</param>
/// <param name="From">The previous status; null for the first result after start.</param>
/// <param name="To">The new status.</param>
/// <param name="Reason">The description of the result that caused the change.</param>
/// <param name="Duration">How long that check took.</param>
/// <param name="At">When it happened.</param>
/// <param name="Critical">Whether the service is critical.</param>
public sealed record StateTransition(string Service, HealthStatus? From, HealthStatus To, string Reason, TimeSpan Duration, DateTimeOffset At, bool Critical);
