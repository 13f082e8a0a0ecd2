namespace HealthGateway.Api.Health;

/// <summary>One raw check result in a service's history.</summary>
public sealed record ServiceResultResponse(string Status, TimeSpan Duration, string Description, DateTimeOffset CheckedAt);
