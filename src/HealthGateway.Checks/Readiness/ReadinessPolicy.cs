using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Readiness;

/// <summary>
/// The readiness rules, as pure logic: any critical service Unhealthy or unchecked → Unhealthy and not ready;
/// otherwise any problem anywhere → Degraded; otherwise Healthy. Stopping is never ready.
/// </summary>
public static class ReadinessPolicy
{
    /// <summary>Builds the snapshot for these services and results.</summary>
    /// <param name="stopping">Whether the host is shutting down.</param>
    /// <param name="services">Every monitored service, in display order.</param>
    /// <param name="results">Latest results by service name; a missing name means not checked yet.</param>
    /// <param name="version">The snapshot's version.</param>
    /// <param name="now">Used as <see cref="ReadinessSnapshot.CheckedAt"/> when nothing has been checked.</param>
    /// <param name="outOfGate">Services listed in the entries but left out of the decision (a silence with
    /// <c>gate: false</c>): not critical, pending or unavailable, and no effect on the status.</param>
    public static ReadinessSnapshot Evaluate(bool stopping, IReadOnlyList<ServiceDefinition> services,
        IReadOnlyDictionary<string, ServiceCheckResult> results, long version, DateTimeOffset now, Func<string, bool>? outOfGate = null)
    {
        var entries = new List<ServiceEntry>(services.Count);
        var unavailable = new List<string>();
        var critical = new List<string>();
        var pending = new List<string>();
        var criticalDown = false;
        var criticalPending = false;
        var anyProblem = false;
        var checkedAt = DateTimeOffset.MinValue;
        var longest = TimeSpan.Zero;

        foreach (var service in services)
        {
            results.TryGetValue(service.Name, out var result);
            entries.Add(new ServiceEntry(service, result));
            if (outOfGate?.Invoke(service.Name) == true)
            {
                continue;
            }

            if (service.Critical)
            {
                critical.Add(service.Name);
            }

            if (result is null)
            {
                pending.Add(service.Name);
                criticalPending |= service.Critical;
                continue;
            }

            checkedAt = result.CheckedAt > checkedAt ? result.CheckedAt : checkedAt;
            longest = result.Duration > longest ? result.Duration : longest;
            if (result.Status == HealthStatus.Unhealthy)
            {
                unavailable.Add(service.Name);
                criticalDown |= service.Critical;
            }

            anyProblem |= result.Status != HealthStatus.Healthy;
        }

        var gated = outOfGate is null ? services.Count : services.Count(service => !outOfGate(service.Name));
        var phase = stopping ? GatewayPhase.Stopping
            : criticalPending || (gated > 0 && pending.Count == gated) ? GatewayPhase.Starting
            : GatewayPhase.Running;
        var ready = phase == GatewayPhase.Running && !criticalDown;
        var status = !ready ? HealthStatus.Unhealthy
            : anyProblem ? HealthStatus.Degraded
            : HealthStatus.Healthy;

        return new ReadinessSnapshot(version, phase, status, ready, !criticalDown && !criticalPending,
            unavailable, critical, pending, entries, checkedAt == DateTimeOffset.MinValue ? now : checkedAt, longest);
    }
}
