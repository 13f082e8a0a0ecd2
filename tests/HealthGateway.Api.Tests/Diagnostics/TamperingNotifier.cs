using HealthGateway.Api.Notifications;

namespace HealthGateway.Api.Tests.Diagnostics;

/// <summary>
/// The test seam for "a manager that mistreats one event type": a decorator of the real manager registered as
/// <see cref="IAgentEventNotifier"/>, which is what the diagnostics probe and health check drive.
/// </summary>
public sealed class TamperingNotifier(IAgentEventNotifier inner, string targetType, Tampering tampering) : IAgentEventNotifier
{
    public ValueTask<DeliveryResult> NotifyAgentStartedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        SendAsync(AgentEventTypes.AgentStarted, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyAgentThinkingAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        SendAsync(AgentEventTypes.AgentThinking, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyToolExecutingAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        SendAsync(AgentEventTypes.ToolExecuting, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyToolCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        SendAsync(AgentEventTypes.ToolCompleted, user, runId, data, cancellationToken);

    public ValueTask<DeliveryResult> NotifyAgentCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken) =>
        SendAsync(AgentEventTypes.AgentCompleted, user, runId, data, cancellationToken);

    private async ValueTask<DeliveryResult> SendAsync(string type, string user, string runId, object? data, CancellationToken cancellationToken)
    {
        if (type != targetType)
        {
            return await ForwardAsync(type, user, runId, data, cancellationToken);
        }

        switch (tampering)
        {
            case Tampering.Drop:
                return new DeliveryResult(true, 1);
            case Tampering.Duplicate:
                await ForwardAsync(type, user, runId, data, cancellationToken);
                return await ForwardAsync(type, user, runId, data, cancellationToken);
            case Tampering.SendNextTypeInstead:
                var next = AgentEventTypes.InRunOrder[(AgentEventTypes.RunPosition(type) + 1) % AgentEventTypes.InRunOrder.Count];
                return await ForwardAsync(next, user, runId, data, cancellationToken);
            case Tampering.WrongRunId:
                return await ForwardAsync(type, user, runId + "-other", data, cancellationToken);
            default:
                throw new InvalidOperationException($"unknown tampering {tampering}");
        }
    }

    private ValueTask<DeliveryResult> ForwardAsync(string type, string user, string runId, object? data, CancellationToken cancellationToken) =>
        type switch
        {
            AgentEventTypes.AgentStarted => inner.NotifyAgentStartedAsync(user, runId, data, cancellationToken),
            AgentEventTypes.AgentThinking => inner.NotifyAgentThinkingAsync(user, runId, data, cancellationToken),
            AgentEventTypes.ToolExecuting => inner.NotifyToolExecutingAsync(user, runId, data, cancellationToken),
            AgentEventTypes.ToolCompleted => inner.NotifyToolCompletedAsync(user, runId, data, cancellationToken),
            AgentEventTypes.AgentCompleted => inner.NotifyAgentCompletedAsync(user, runId, data, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
}
