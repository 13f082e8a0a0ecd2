namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// Registered when events are relayed between replicas (the Redis backplane), so the notifier diagnostics can say
/// which way the probe's events should have gone without knowing the backplane itself.
/// </summary>
/// <param name="Channel">The pub/sub channel.</param>
/// <param name="Target">host:port of Redis: what may be shown of the connection string.</param>
/// <param name="PublishTimeout">How long an event's own copy may take to come back.</param>
public sealed record AgentEventRelayInfo(string Channel, string Target, TimeSpan PublishTimeout);
