using HealthGateway.Api.Events;
using HealthGateway.Api.Notifications;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// <see cref="IAgentEventNotifier"/> when the backplane is on: each notify goes through Redis to every replica,
/// this one included, and returns this replica's delivery once its own copy is back (see <see cref="RedisBackplane"/>).
/// </summary>
public sealed class BackplaneAgentEventNotifier(AgentEventPublisher publisher) : IAgentEventNotifier
{
    public ValueTask<DeliveryResult> NotifyAgentStartedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        PublishAsync(AgentEventTypes.AgentStarted, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyAgentThinkingAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        PublishAsync(AgentEventTypes.AgentThinking, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyToolExecutingAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        PublishAsync(AgentEventTypes.ToolExecuting, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyToolCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        PublishAsync(AgentEventTypes.ToolCompleted, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyAgentCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        PublishAsync(AgentEventTypes.AgentCompleted, user, runId, data, cancellationToken);

    private async ValueTask<DeliveryResult> PublishAsync(string type, string user, string runId, object? data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return (await publisher.PublishAsync(new AgentEvent(type, user, runId, data), cancellationToken)).Delivery;
    }
}
