namespace HealthGateway.Api.Health;

/// <summary>
/// One checked service in <see cref="ReadinessResponse"/>, shaped like a HealthChecks UI entry; <c>rootCause</c>
/// (only when set) names the deepest Unhealthy service this Unhealthy one depends on.
/// </summary>
public sealed record ReadinessEntry(
    string Status,
    TimeSpan Duration,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object> Data,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RootCause = null);
