using System.Text.Json.Serialization;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Health;

/// <summary>The <c>/health/services/{name}</c> body: one service's latest result, recent history and transitions.</summary>
public sealed record ServiceDetailsResponse(
    string Name,
    string Kind,
    bool Critical,
    string Target,
    IReadOnlyList<string> Tags,
    TimeSpan Timeout,
    string? Status,
    string? Description,
    TimeSpan? Duration,
    DateTimeOffset? CheckedAt,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    IReadOnlyList<ServiceResultResponse> History,
    IReadOnlyList<TransitionResponse> Transitions)
{
    /// <summary>In a fleet: this replica, the members that run the service's settings, and the one that checks it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ServicePlacement? Cluster { get; init; }

    /// <summary>The percentage of time Healthy over the last hour, day and week (null where nothing was observed yet).</summary>
    public ServiceUptime? Uptime { get; init; }
}
