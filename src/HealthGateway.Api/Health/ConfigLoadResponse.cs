namespace HealthGateway.Api.Health;

/// <summary>The readiness body's <c>config</c>: the last load of the configuration.</summary>
/// <param name="LoadedAt">When the running configuration was loaded (at start or by the last reload that was not rejected).</param>
/// <param name="LastError">Why the last reload was rejected, naming the service and the field; null when it was not.</param>
public sealed record ConfigLoadResponse(DateTimeOffset LoadedAt, string? LastError);
