namespace HealthGateway.Api.AgentEvents;

/// <summary>The five notify methods, the public API of the notification manager, as sugar over <see cref="IAgentEventSink.PublishAsync"/>.</summary>
public static class AgentEventSinkExtensions
{
    public static ValueTask<DeliveryResult> NotifyAgentStartedAsync(this IAgentEventSink sink, string user, string runId, object? data, CancellationToken cancellationToken) =>
        sink.PublishAsync(new AgentEvent(AgentEventTypes.AgentStarted, user, runId, data), cancellationToken);

    public static ValueTask<DeliveryResult> NotifyAgentThinkingAsync(this IAgentEventSink sink, string user, string runId, object? data, CancellationToken cancellationToken) =>
        sink.PublishAsync(new AgentEvent(AgentEventTypes.AgentThinking, user, runId, data), cancellationToken);

    public static ValueTask<DeliveryResult> NotifyToolExecutingAsync(this IAgentEventSink sink, string user, string runId, object? data, CancellationToken cancellationToken) =>
        sink.PublishAsync(new AgentEvent(AgentEventTypes.ToolExecuting, user, runId, data), cancellationToken);

    public static ValueTask<DeliveryResult> NotifyToolCompletedAsync(this IAgentEventSink sink, string user, string runId, object? data, CancellationToken cancellationToken) =>
        sink.PublishAsync(new AgentEvent(AgentEventTypes.ToolCompleted, user, runId, data), cancellationToken);

    public static ValueTask<DeliveryResult> NotifyAgentCompletedAsync(this IAgentEventSink sink, string user, string runId, object? data, CancellationToken cancellationToken) =>
        sink.PublishAsync(new AgentEvent(AgentEventTypes.AgentCompleted, user, runId, data), cancellationToken);
}
