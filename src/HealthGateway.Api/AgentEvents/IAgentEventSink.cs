namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// The one way into the agent-event pipeline. The notification manager is the terminal sink (this replica's
/// connections); the Redis backplane, when configured, decorates it. The five notify methods are extension
/// methods on top (<see cref="AgentEventSinkExtensions"/>).
/// </summary>
public interface IAgentEventSink
{
    /// <summary>
    /// Queues <paramref name="agentEvent"/> for every connection of its user (on every replica with the backplane)
    /// and says what happened on this replica. Never waits for a slow client.
    /// </summary>
    /// <exception cref="ArgumentException">The event breaks <see cref="AgentEventRules"/>: no client could be sent it.</exception>
    ValueTask<DeliveryResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken);
}
