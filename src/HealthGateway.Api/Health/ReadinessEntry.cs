using System.Text.Json.Serialization;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Health;

/// <summary>
/// One checked service in <see cref="ReadinessResponse"/>, shaped like a HealthChecks UI entry; <c>rootCause</c>
/// (only when set) names the deepest Unhealthy service this Unhealthy one depends on.
/// </summary>
/// <param name="Silenced">Present while a silence covers the service (the UI ignores it).</param>
/// <param name="Cluster">In a fleet: this replica, the members that run the service's settings, and the one that checks it.</param>
public sealed record ReadinessEntry(
    string Status,
    TimeSpan Duration,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ServiceSilence? Silenced = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RootCause = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ServicePlacement? Cluster = null);
