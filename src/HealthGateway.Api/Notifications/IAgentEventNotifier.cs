namespace HealthGateway.Api.Notifications;

/// <summary>
/// The public API of the notification manager: one method per agent event. Each call queues the event for every
/// open connection of <c>user</c> and returns at once; it never waits for a slow client.
/// </summary>
/// <remarks>
/// The diagnostics probe and the health check drive the manager only through this interface, so a test can
/// register a decorator (e.g. one that drops an event type) without any switch in production code.
/// </remarks>
public interface IAgentEventNotifier
{
    ValueTask<DeliveryResult> NotifyAgentStartedAsync(string user, string runId, object? data, CancellationToken cancellationToken);

    ValueTask<DeliveryResult> NotifyAgentThinkingAsync(string user, string runId, object? data, CancellationToken cancellationToken);

    ValueTask<DeliveryResult> NotifyToolExecutingAsync(string user, string runId, object? data, CancellationToken cancellationToken);

    ValueTask<DeliveryResult> NotifyToolCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken);

    ValueTask<DeliveryResult> NotifyAgentCompletedAsync(string user, string runId, object? data, CancellationToken cancellationToken);
}
