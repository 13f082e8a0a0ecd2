using HealthGateway.Api.AgentEvents;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// The subscription to the channel, as a hosted service: it delivers every valid message to this replica's own
/// connections (the terminal sink), this replica's own events only when their copy claims them first (see
/// <see cref="OwnEventClaims"/>), and ignores, counts and (throttled) warns about anything else.
/// </summary>
/// <remarks>
/// Read through a <see cref="ChannelMessageQueue"/>, which hands messages over one at a time in arrival order (the
/// handler overload of Subscribe gives no such promise); delivering only queues on sockets, so the loop never
/// waits for a client. Start-up never waits for Redis; once subscribed, the multiplexer keeps the subscription
/// across reconnects by itself.
/// </remarks>
internal sealed class BackplaneSubscription(
    BackplaneConnection connection,
    OwnEventClaims claims,
    BackplaneStatistics statistics,
    [FromKeyedServices(AgentEventSinkBuilder.LocalSinkKey)] IAgentEventSink local,
    IOptions<BackplaneOptions> options,
    TimeProvider timeProvider,
    ILogger<BackplaneSubscription> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _timeout = options.Value.PublishTimeout;
    private Task _run = Task.CompletedTask;
    private volatile ChannelMessageQueue? _queue;
    private int _disposed;

    /// <summary>Whether this replica is subscribed to the channel right now, so that publishing delivers here too.</summary>
    public bool IsSubscribed =>
        _queue is not null && connection.Multiplexer is { } multiplexer
        && multiplexer.GetSubscriber() is var subscriber
        && subscriber.IsConnected(connection.Channel) && subscriber.SubscribedEndpoint(connection.Channel) is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: a Redis that is down or slow must not hold up the gateway's start.
        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_queue is { } queue && connection.Multiplexer is { IsConnected: true })
        {
            try
            {
                await queue.UnsubscribeAsync().WaitAsync(_timeout, cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
            {
                // Redis forgets the subscription with the connection anyway.
            }
        }

        claims.CancelAll();
    }

    public async ValueTask DisposeAsync()
    {
        // Registered once and handed out as a hosted service too: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (await connection.ConnectAsync(stopping) is not { } multiplexer)
        {
            return;
        }

        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        if (await SubscribeAsync(multiplexer.GetSubscriber(), stopping) is not { } queue)
        {
            return;
        }

        _queue = queue;
        statistics.Outage.Reset();
        logger.LogInformation(
            "Redis backplane subscribed to channel {Channel} on {Target} as replica {ReplicaId}", connection.ChannelName, connection.Target, connection.ReplicaId);
        await ReadAsync(queue, stopping);
    }

    /// <summary>Subscribes once Redis is reachable, retrying (Polly, with backoff) until then; null when stopping.</summary>
    private async Task<ChannelMessageQueue?> SubscribeAsync(ISubscriber subscriber, CancellationToken stopping)
    {
        var retry = BackplaneRetry.Forever<ChannelMessageQueue?>(timeProvider, static outcome => outcome.Exception is not null || outcome.Result is null);
        try
        {
            return await retry.ExecuteAsync(async token => await TrySubscribeAsync(subscriber, token), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One attempt: null while not connected, or when Redis did not confirm the subscription in time.</summary>
    private async Task<ChannelMessageQueue?> TrySubscribeAsync(ISubscriber subscriber, CancellationToken stopping)
    {
        if (!subscriber.Multiplexer.IsConnected)
        {
            return null;
        }

        try
        {
            return await subscriber.SubscribeAsync(connection.Channel).WaitAsync(_timeout, timeProvider, stopping);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A failed subscribe leaves its queue registered with the multiplexer, which would re-subscribe it
            // later next to the retry's: remove every handler of the channel before trying again.
            try
            {
                await subscriber.UnsubscribeAsync(connection.Channel).WaitAsync(_timeout, timeProvider, stopping);
            }
            catch (Exception unsubscribeError) when (unsubscribeError is RedisException or TimeoutException)
            {
                // Unregistered locally before the command was sent; the server side goes with the connection.
            }

            return null;
        }
    }

    private async Task ReadAsync(ChannelMessageQueue queue, CancellationToken stopping)
    {
        while (true)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            try
            {
                Deliver((ReadOnlyMemory<byte>)message.Message);
            }
            catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
            {
                // Refused by this replica's connections although the rules passed: one bad message must not end the
                // subscription, and is reported like any other ignored message (one line, no stack trace).
                Reject(ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : "not an event that can be sent to clients");
            }
        }
    }

    private void Deliver(ReadOnlyMemory<byte> bytes)
    {
        var (message, agentEvent, problem) = BackplaneWire.Read(bytes);
        if (problem is not null)
        {
            Reject(problem);
            return;
        }

        statistics.CountReceived();

        // This replica's own copy is delivered only if it claims the event first: the publisher may have delivered
        // it itself when PUBLISH failed (then the copy is skipped), or still be waiting for it (then it learns how).
        TaskCompletionSource<DeliveryResult>? waiter = null;
        if (message!.Origin == connection.ReplicaId && message.Id is { } ownId && !claims.ClaimForCopy(ownId, out waiter))
        {
            return;
        }

        // The local sink only queues, so the call has completed; the loop must not wait here in any case.
        var pending = local.PublishAsync(agentEvent!, CancellationToken.None);
        var delivery = (pending.IsCompletedSuccessfully ? pending.Result : DeliveryResult.NotDelivered) with { Route = DeliveryRoute.Backplane };
        waiter?.TrySetResult(delivery);
    }

    private void Reject(string reason)
    {
        var count = statistics.CountRejected();
        if (LogThrottle.IsWorthLogging(count))
        {
            logger.LogWarning(
                "Redis backplane ignored a message on channel {Channel}: {Reason} ({RejectedCount} ignored so far)", connection.ChannelName, reason, count);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription && statistics.Outage.FirstSinceReset())
        {
            logger.LogWarning(
                "Redis backplane lost its subscription connection to {Endpoint} ({Reason}): events reach only this replica's connections until it reconnects",
                connection.Describe(args.EndPoint), BackplaneFailures.Describe(args.FailureType));
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            statistics.Outage.Reset();
            logger.LogInformation(
                "Redis backplane reconnected to {Endpoint}; re-subscribing to channel {Channel}", connection.Describe(args.EndPoint), connection.ChannelName);
        }
    }
}
