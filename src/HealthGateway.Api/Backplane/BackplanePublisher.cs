using HealthGateway.Api.AgentEvents;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// The backplane as a decorator of the agent-event sink: an event is published to the channel and delivered here
/// only when its own copy comes back (<see cref="BackplaneSubscription"/>), so every replica, this one included,
/// delivers the channel's events in the one order Redis gave them, and none twice. While this replica is not
/// subscribed, or Redis refuses the PUBLISH, the event goes to the sink it decorates instead (at most once).
/// </summary>
internal sealed class BackplanePublisher(
    IAgentEventSink inner,
    BackplaneConnection connection,
    BackplaneSubscription subscription,
    OwnEventClaims claims,
    BackplaneStatistics statistics,
    IOptions<BackplaneOptions> options,
    TimeProvider timeProvider,
    ILogger<BackplanePublisher> logger) : IAgentEventSink
{
    private readonly TimeSpan _timeout = options.Value.PublishTimeout;
    private long _nextId;

    /// <summary>
    /// Publishes <paramref name="agentEvent"/> and waits (at most PublishTimeout) until this replica has delivered its
    /// own copy; delivers it locally only when this replica is not subscribed or Redis refused it.
    /// </summary>
    /// <exception cref="ArgumentException">The event breaks a rule every replica applies to channel messages.</exception>
    /// <exception cref="EventTooLargeException">Its message would be larger than every replica accepts.</exception>
    public async ValueTask<DeliveryResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var payload = BackplaneWire.Serialize(agentEvent, connection.ReplicaId, id);
        if (connection.Multiplexer is not { } multiplexer || !subscription.IsSubscribed)
        {
            return await DeliverLocallyAsync(agentEvent, notSubscribed: true, cancellationToken);
        }

        var echo = claims.Expect(id);
        using var timeout = new CancellationTokenSource(_timeout, timeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        long? subscribers = null;
        try
        {
            try
            {
                subscribers = await multiplexer.GetSubscriber().PublishAsync(connection.Channel, payload).WaitAsync(deadline.Token);
                NotePublishAccepted();
            }
            catch (RedisServerException ex)
            {
                // Redis answered, with an error (an ACL without +publish, a proxy refusing it, ...): the event was not
                // published and no copy will come, so there is nothing to remember. Said once, and shown in health.
                NotePublishRefused(ex);
                if (claims.ClaimUnpublished(id))
                {
                    return await DeliverLocallyAsync(agentEvent, notSubscribed: false, cancellationToken);
                }
            }
            catch (RedisException)
            {
                // Usually not written at all (FailFast while disconnected). But a connection that broke after the
                // write may have delivered it to Redis, which hands it to subscribers before it answers: its copy
                // may come back, or may already have come back and been delivered. Whichever claims it delivers it.
                if (claims.ClaimForDirectDelivery(id))
                {
                    return await DeliverLocallyAsync(agentEvent, notSubscribed: true, cancellationToken);
                }
            }

            var delivery = await echo.WaitAsync(deadline.Token);
            statistics.CountPublished();
            return delivery with { Subscribers = subscribers };
        }
        catch (Exception ex) when (ex is RedisTimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            statistics.CountUnconfirmed();
            return DeliveryResult.NotDelivered with { Route = DeliveryRoute.Unconfirmed, Subscribers = subscribers };
        }
        finally
        {
            claims.Forget(id);
        }
    }

    /// <param name="notSubscribed">
    /// Why: this replica is not subscribed (or its connection just failed), which is logged once per outage; false
    /// when Redis refused the PUBLISH, which <see cref="NotePublishRefused"/> logs.
    /// </param>
    private async ValueTask<DeliveryResult> DeliverLocallyAsync(AgentEvent agentEvent, bool notSubscribed, CancellationToken cancellationToken)
    {
        statistics.CountLocalFallback();
        if (notSubscribed && statistics.Outage.FirstSinceReset())
        {
            logger.LogWarning(
                "Redis backplane not subscribed ({Target}, channel {Channel}): events reach only this replica's connections until it is",
                connection.Target, connection.ChannelName);
        }

        return await inner.PublishAsync(agentEvent, cancellationToken) with { Route = DeliveryRoute.LocalFallback, Subscribers = null };
    }

    private void NotePublishRefused(RedisServerException exception)
    {
        // The server's error line: what it refused and why (user and command names, never the password).
        var error = exception.Message.Split('\n', 2)[0].Trim();
        error = error.Length > 200 ? error[..200] + "…" : error;
        if (statistics.NotePublishRefused(error))
        {
            logger.LogWarning(
                "Redis backplane: Redis ({Target}) refused PUBLISH to channel {Channel}: {Error}; events accepted here reach only this replica's connections until it accepts one",
                connection.Target, connection.ChannelName, error);
        }
    }

    private void NotePublishAccepted()
    {
        if (statistics.NotePublishAccepted())
        {
            logger.LogInformation("Redis backplane: Redis ({Target}) accepts PUBLISH to channel {Channel} again", connection.Target, connection.ChannelName);
        }
    }
}
