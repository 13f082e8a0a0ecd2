namespace HealthGateway.Api.Health;

/// <summary>One state transition in a service's history; <c>from</c> is "Unknown" for the first result.</summary>
public sealed record TransitionResponse(string From, string To, string Reason, TimeSpan Duration, DateTimeOffset At);
