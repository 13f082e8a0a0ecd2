namespace HealthGateway.Api.Health;

/// <summary>One checked service in <see cref="ReadinessResponse"/>, shaped like a HealthChecks UI entry.</summary>
public sealed record ReadinessEntry(
    string Status,
    TimeSpan Duration,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, object> Data);
