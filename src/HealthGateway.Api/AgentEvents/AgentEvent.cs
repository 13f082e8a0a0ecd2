namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// An agent event on its way to a user's connections, whoever produced it (an in-process caller, <c>POST /events</c>,
/// the notifier diagnostics, a message from Redis): the one type every <see cref="IAgentEventSink"/> publishes.
/// </summary>
/// <param name="Type">One of the five <see cref="AgentEventTypes"/>.</param>
/// <param name="Data">Event-specific object (an anonymous object, a record or a JSON element); null for none.</param>
public sealed record AgentEvent(string Type, string User, string RunId, object? Data);
