using HealthGateway.Api.Backplane;
using HealthGateway.Api.Notifications;

namespace HealthGateway.Api.Events;

/// <summary>
/// The one way an event enters the gateway (<c>POST /events</c>, and the notify methods when the backplane is on):
/// straight to this replica's connections without a backplane, otherwise through Redis so every replica delivers it.
/// </summary>
public sealed class AgentEventPublisher(WebSocketNotificationManager manager, RedisBackplane? backplane = null)
{
    /// <summary>Whether events go through the Redis backplane.</summary>
    public bool UsesBackplane => backplane is not null;

    public async ValueTask<PublishResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        if (backplane is not null)
        {
            return await backplane.PublishAsync(agentEvent, cancellationToken);
        }

        var delivery = await manager.NotifyAsync(agentEvent.Type, agentEvent.User, agentEvent.RunId, agentEvent.Data, cancellationToken);
        return new PublishResult(delivery, Subscribers: null);
    }
}
