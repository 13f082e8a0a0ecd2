using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>Everything known about one service: its latest result, recent results and recent transitions.</summary>
/// <param name="Definition">The service.</param>
/// <param name="Latest">The latest reported result, after flap control; null until checked.</param>
/// <param name="ConsecutiveFailures">Failed checks in a row.</param>
/// <param name="ConsecutiveSuccesses">Successful checks in a row.</param>
/// <param name="History">Recent raw results, newest last.</param>
/// <param name="Transitions">Recent transitions, newest last.</param>
public sealed record ServiceDetails(
    ServiceDefinition Definition,
    ServiceCheckResult? Latest,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    IReadOnlyList<ServiceCheckResult> History,
    IReadOnlyList<StateTransition> Transitions)
{
    /// <summary>The share of time Healthy over the last hour, day and week; null where nothing was observed.</summary>
    public ServiceUptime Uptime { get; init; } = new(null, null, null);
}
