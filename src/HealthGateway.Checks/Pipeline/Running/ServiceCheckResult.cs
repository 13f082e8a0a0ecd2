using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Running;

/// <summary>One completed check of one service, already described for people and stripped of secrets.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Duration">How long the check took, retries included.</param>
/// <param name="Description">What happened, in words a person can act on.</param>
/// <param name="CheckedAt">When the check finished.</param>
/// <param name="Data">Extra values the check reported.</param>
public sealed record ServiceCheckResult(
    HealthStatus Status,
    TimeSpan Duration,
    string Description,
    DateTimeOffset CheckedAt,
    IReadOnlyDictionary<string, object> Data)
{
    /// <summary>True when the check had nothing to judge yet (<see cref="CheckPendingException"/>): not a result to record.</summary>
    public bool Pending { get; init; }

    /// <summary>An empty data bag, shared.</summary>
    public static IReadOnlyDictionary<string, object> NoData { get; } = new Dictionary<string, object>();
}
