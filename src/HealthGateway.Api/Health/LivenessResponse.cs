namespace HealthGateway.Api.Health;

/// <summary>The <c>/health/live</c> body: the process answers, nothing else is implied.</summary>
public sealed record LivenessResponse(string Status);
