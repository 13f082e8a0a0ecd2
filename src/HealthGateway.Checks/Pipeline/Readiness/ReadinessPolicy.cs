using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// The readiness rules, as pure logic: any required service (by default: critical) Unhealthy or unchecked →
/// Unhealthy and not ready; otherwise any problem anywhere in scope → Degraded; otherwise Healthy. Stopping is
/// never ready. A service that is Unhealthy because a dependency is carries that dependency as its root cause.
/// </summary>
public static class ReadinessPolicy
{
    /// <summary>Builds the snapshot of every service, the critical ones required.</summary>
    /// <param name="stopping">Whether the host is shutting down.</param>
    /// <param name="services">Every monitored service, in display order.</param>
    /// <param name="results">Latest results by service name; a missing name means not checked yet.</param>
    /// <param name="version">The snapshot's version.</param>
    /// <param name="now">Used as <see cref="ReadinessSnapshot.CheckedAt"/> when nothing has been checked.</param>
    /// <param name="dependencies">Who depends on whom, for root causes; none when null.</param>
    /// <param name="outOfGate">Services listed in the entries but left out of the decision (a silence with
    /// <c>gate: false</c>): not required, pending or unavailable, and no effect on the status.</param>
    public static ReadinessSnapshot Evaluate(bool stopping, IReadOnlyList<ServiceDefinition> services,
        IReadOnlyDictionary<string, ServiceCheckResult> results, long version, DateTimeOffset now, DependencyGraph? dependencies = null,
        Func<string, bool>? outOfGate = null)
    {
        var graph = dependencies ?? DependencyGraph.Empty;
        bool IsUnhealthy(string name) => results.TryGetValue(name, out var r) && r.Status == HealthStatus.Unhealthy;
        var rootCauses = services.ToDictionary(s => s.Name, s => graph.RootCause(s.Name, IsUnhealthy), StringComparer.OrdinalIgnoreCase);
        return Evaluate(stopping, ReadinessScope.Default(services), results, rootCauses, version, now, outOfGate);
    }

    /// <summary>
    /// The same snapshot seen through a caller's <paramref name="scope"/>: only the counted services, the
    /// required ones deciding readiness. Keeps the version, so waiting for a change works on either.
    /// </summary>
    /// <param name="full">The whole snapshot.</param>
    /// <param name="scope">The services counted and required.</param>
    /// <param name="outOfGate">Counted services left out of the decision even when the scope names them
    /// (a silence with <c>gate: false</c>); none when null.</param>
    public static ReadinessSnapshot Narrow(ReadinessSnapshot full, ReadinessScope scope, Func<string, bool>? outOfGate = null)
    {
        var results = new Dictionary<string, ServiceCheckResult>(StringComparer.OrdinalIgnoreCase);
        var rootCauses = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in full.Entries)
        {
            if (entry.Result is { } result)
            {
                results[entry.Definition.Name] = result;
            }

            rootCauses[entry.Definition.Name] = entry.RootCause;
        }

        return Evaluate(full.Phase == GatewayPhase.Stopping, scope, results, rootCauses, full.Version, full.CheckedAt, outOfGate);
    }

    private static ReadinessSnapshot Evaluate(bool stopping, ReadinessScope scope, IReadOnlyDictionary<string, ServiceCheckResult> results,
        IReadOnlyDictionary<string, string?> rootCauses, long version, DateTimeOffset now, Func<string, bool>? outOfGate)
    {
        var services = scope.Counted;
        var entries = new List<ServiceEntry>(services.Count);
        var unavailable = new List<string>();
        var required = new List<string>();
        var pending = new List<string>();
        var roots = new List<string>();
        var requiredDown = false;
        var requiredPending = false;
        var anyProblem = false;
        var checkedAt = DateTimeOffset.MinValue;
        var longest = TimeSpan.Zero;

        foreach (var service in services)
        {
            var isRequired = scope.IsRequired(service);
            results.TryGetValue(service.Name, out var result);
            var rootCause = rootCauses.GetValueOrDefault(service.Name);
            entries.Add(new ServiceEntry(service, result, rootCause));
            if (outOfGate?.Invoke(service.Name) == true)
            {
                continue;
            }

            if (isRequired)
            {
                required.Add(service.Name);
            }

            if (result is null)
            {
                pending.Add(service.Name);
                requiredPending |= isRequired;
                continue;
            }

            checkedAt = result.CheckedAt > checkedAt ? result.CheckedAt : checkedAt;
            longest = result.Duration > longest ? result.Duration : longest;
            if (result.Status == HealthStatus.Unhealthy)
            {
                unavailable.Add(service.Name);
                requiredDown |= isRequired;

                // A dependency outside this answer can still be the root: the caller learns what to fix.
                var root = rootCause ?? service.Name;
                if (!roots.Contains(root, StringComparer.OrdinalIgnoreCase))
                {
                    roots.Add(root);
                }
            }

            anyProblem |= result.Status != HealthStatus.Healthy;
        }

        var gated = outOfGate is null ? services.Count : services.Count(service => !outOfGate(service.Name));
        var phase = stopping ? GatewayPhase.Stopping
            : requiredPending || (gated > 0 && pending.Count == gated) ? GatewayPhase.Starting
            : GatewayPhase.Running;
        var ready = phase == GatewayPhase.Running && !requiredDown;
        var status = !ready ? HealthStatus.Unhealthy
            : anyProblem ? HealthStatus.Degraded
            : HealthStatus.Healthy;

        return new ReadinessSnapshot(version, phase, status, ready, !requiredDown && !requiredPending,
            unavailable, required, pending, entries, checkedAt == DateTimeOffset.MinValue ? now : checkedAt, longest)
        {
            RootCauses = roots,
        };
    }
}
