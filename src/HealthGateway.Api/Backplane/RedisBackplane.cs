using System.Net;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using HealthGateway.Api.Events;
using HealthGateway.Api.Notifications;
using HealthGateway.Checks.Execution;
using HealthGateway.Checks.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Redis pub/sub between gateway replicas: every replica subscribes to one channel and delivers each message on it
/// to its own connections of the message's user. An event accepted here is published and delivered here only when
/// its own copy comes back, so every replica, this one included, delivers the channel's events in the one order
/// Redis gave them, and none twice.
/// </summary>
/// <remarks>
/// <para>
/// The subscription is read through a <see cref="ChannelMessageQueue"/>, which hands messages over one at a time
/// in the order they arrived (the handler overload of Subscribe gives no such promise); delivering one only queues
/// it on sockets, so the loop never waits for a client.
/// </para>
/// <para>
/// While this replica is not subscribed (Redis down, restarting, not reached yet) an event is delivered to this
/// replica's connections only and not published: at most once, never twice. The multiplexer reconnects and
/// re-subscribes by itself; start-up never waits for Redis. So is an event whose PUBLISH Redis refuses (an ACL
/// without +publish): that is logged and shown by the health check until a PUBLISH succeeds.
/// </para>
/// </remarks>
public sealed class RedisBackplane : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// The wire format: escaping only what JSON requires (the default encoder also escapes HTML-sensitive and non-ASCII
    /// characters, up to six times the bytes), and an event's data written as the very JSON it was received as.
    /// </summary>
    private static readonly JsonSerializerOptions s_wireJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new VerbatimJsonElementConverter() },
    };

    private static readonly TimeSpan s_subscribeRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly BackplaneOptions _options;
    private readonly RedisConnection _connection;
    private readonly RedisChannel _channel;
    private readonly WebSocketNotificationManager _manager;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisBackplane> _logger;
    private readonly OwnEventClaims _claims;
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;
    private volatile IConnectionMultiplexer? _multiplexer;
    private volatile ChannelMessageQueue? _queue;
    private long _nextId;
    private long _published;
    private long _received;
    private long _localFallbacks;
    private long _unconfirmed;
    private long _rejected;
    private int _outageLogged;
    private string? _publishRefusal;
    private int _disposed;

    public RedisBackplane(
        IOptions<BackplaneOptions> options,
        WebSocketNotificationManager manager,
        TimeProvider timeProvider,
        ILogger<RedisBackplane> logger)
    {
        _options = options.Value;
        if (!_options.Enabled || HealthGateway.Checks.Targets.RedisTarget.TryDescribe(_options.Redis!, out var target) is not null)
        {
            throw new InvalidOperationException($"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)} is not a usable connection string.");
        }

        Target = target;
        _manager = manager;
        _timeProvider = timeProvider;
        _logger = logger;
        _claims = new OwnEventClaims(timeProvider);
        _channel = RedisChannel.Literal(_options.Channel);
        _connection = new RedisConnection(new RedisHealthCheckOptions
        {
            ConnectionString = _options.Redis!,
            Timeout = _options.PublishTimeout,
            Target = target,
        });

        // The host name is the pod or container name where there is one: it says which replica in a log line.
        ReplicaId = $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This replica's id in the messages it publishes.</summary>
    public string ReplicaId { get; }

    /// <summary>host:port of Redis: what may be shown of the connection string.</summary>
    public string Target { get; }

    /// <summary>The pub/sub channel.</summary>
    public string Channel => _options.Channel;

    /// <summary>The multiplexer once created (it may be disconnected); null while the first connection attempt runs.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>Whether this replica is subscribed to the channel right now, so that publishing delivers here too.</summary>
    public bool IsSubscribed => _queue is not null && _multiplexer is { } multiplexer && IsSubscribedOn(multiplexer.GetSubscriber());

    /// <summary>Which of this replica's own events are waiting for their copy, or were delivered without it.</summary>
    internal OwnEventClaims Claims => _claims;

    /// <summary>
    /// The error Redis answered this replica's last PUBLISH with (e.g. <c>NOPERM</c> from an ACL without
    /// <c>+publish</c>), while that was the last word on it: null once a PUBLISH succeeds.
    /// </summary>
    public string? PublishRefusal => Volatile.Read(ref _publishRefusal);

    /// <summary>Counters since start, for the health check's data.</summary>
    public BackplaneCounters Counters => new(
        Interlocked.Read(ref _published), Interlocked.Read(ref _received), Interlocked.Read(ref _localFallbacks),
        Interlocked.Read(ref _unconfirmed), Interlocked.Read(ref _rejected));

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
        if (_queue is { } queue && _multiplexer is { IsConnected: true })
        {
            try
            {
                await queue.UnsubscribeAsync().WaitAsync(_options.PublishTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
            {
                // Redis forgets the subscription with the connection anyway.
            }
        }

        _claims.CancelAll();
    }

    public async ValueTask DisposeAsync()
    {
        // Registered once and handed out as a hosted service too: the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Waits for a first connect still in progress, so that multiplexer does not go on reconnecting either.
        await _connection.DisposeAsync();
        _claims.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Why Redis is not connected, in words a person can act on (never the connection string).</summary>
    public Task<string> DescribeDisconnectedAsync(CancellationToken cancellationToken) =>
        _multiplexer is { } multiplexer
            ? _connection.DescribeDisconnectedAsync(multiplexer, cancellationToken)
            : Task.FromResult($"not connected yet ({Target})");

    /// <summary>
    /// Publishes <paramref name="agentEvent"/> and waits (at most PublishTimeout) until this replica has delivered its
    /// own copy; delivers it locally only when this replica is not subscribed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The event breaks a rule every replica applies to channel messages (a user or run id no client could have, data
    /// that is not an object): it would be dropped everywhere, so it is refused here instead.
    /// </exception>
    /// <exception cref="EventTooLargeException">
    /// Its message would be larger than <see cref="AgentEventRules.MaxMessageBytes"/>, which every replica drops.
    /// Only an event close to <see cref="AgentEventRules.MaxEventBytes"/> whose user and run id are full of characters
    /// outside the BMP (escaped on the way, 4 bytes to 12) can be.
    /// </exception>
    public async ValueTask<PublishResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        var data = ToJson(agentEvent.Data);
        var errors = AgentEventRules.Validate(agentEvent.User, agentEvent.Type, agentEvent.RunId, data);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Not an event the backplane can carry: {AgentEventRules.Summarize(errors)}", nameof(agentEvent));
        }

        var id = Interlocked.Increment(ref _nextId);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new BackplaneMessage(agentEvent.User, agentEvent.Type, agentEvent.RunId, data, ReplicaId, id), s_wireJson);
        if (payload.Length > AgentEventRules.MaxMessageBytes)
        {
            throw new EventTooLargeException(payload.Length, nameof(agentEvent));
        }

        var multiplexer = _multiplexer;
        if (multiplexer is null || _queue is null || !IsSubscribedOn(multiplexer.GetSubscriber()))
        {
            return await DeliverLocallyAsync(agentEvent, notSubscribed: true, cancellationToken);
        }

        var echo = _claims.Expect(id);
        using var timeout = new CancellationTokenSource(_options.PublishTimeout, _timeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        long? subscribers = null;
        try
        {
            try
            {
                subscribers = await multiplexer.GetSubscriber().PublishAsync(_channel, payload).WaitAsync(deadline.Token);
                NotePublishAccepted();
            }
            catch (RedisServerException ex)
            {
                // Redis answered, with an error (an ACL without +publish, a proxy refusing it, ...): the event was not
                // published and no copy will come, so there is nothing to remember. Said once, and shown in health.
                NotePublishRefused(ex);
                if (_claims.ClaimUnpublished(id))
                {
                    return await DeliverLocallyAsync(agentEvent, notSubscribed: false, cancellationToken);
                }
            }
            catch (RedisException)
            {
                // Usually not written at all (FailFast while disconnected). But a connection that broke after the
                // write may have delivered it to Redis, which hands it to subscribers before it answers: its copy
                // may come back, or may already have come back and been delivered. Whichever claims it delivers it.
                if (_claims.ClaimForDirectDelivery(id))
                {
                    return await DeliverLocallyAsync(agentEvent, notSubscribed: true, cancellationToken);
                }
            }

            return Published(await echo.WaitAsync(deadline.Token), subscribers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unconfirmed(subscribers);
        }
        catch (RedisTimeoutException)
        {
            return Unconfirmed(subscribers);
        }
        finally
        {
            _claims.Forget(id);
        }
    }

    private PublishResult Published(DeliveryResult delivery, long? subscribers)
    {
        Interlocked.Increment(ref _published);
        return new PublishResult(delivery, subscribers);
    }

    private PublishResult Unconfirmed(long? subscribers)
    {
        Interlocked.Increment(ref _unconfirmed);
        return new PublishResult(DeliveryResult.NotDelivered with { Route = DeliveryRoute.Unconfirmed }, subscribers);
    }

    /// <param name="notSubscribed">
    /// Why: this replica is not subscribed (or its connection just failed), which is logged once per outage; false
    /// when Redis refused the PUBLISH, which <see cref="NotePublishRefused"/> logs.
    /// </param>
    private async ValueTask<PublishResult> DeliverLocallyAsync(AgentEvent agentEvent, bool notSubscribed, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _localFallbacks);
        if (notSubscribed && Interlocked.Exchange(ref _outageLogged, 1) == 0)
        {
            _logger.LogWarning(
                "Redis backplane not subscribed ({Target}, channel {Channel}): events reach only this replica's connections until it is",
                Target, Channel);
        }

        var delivery = await _manager.NotifyAsync(agentEvent.Type, agentEvent.User, agentEvent.RunId, agentEvent.Data, cancellationToken);
        return new PublishResult(delivery with { Route = DeliveryRoute.LocalFallback }, Subscribers: null);
    }

    private void NotePublishRefused(RedisServerException exception)
    {
        // The server's error line: what it refused and why (user and command names, never the password).
        var error = exception.Message.Split('\n', 2)[0].Trim();
        error = error.Length > 200 ? error[..200] + "…" : error;
        if (Interlocked.Exchange(ref _publishRefusal, error) != error)
        {
            _logger.LogWarning(
                "Redis backplane: Redis ({Target}) refused PUBLISH to channel {Channel}: {Error}; events accepted here reach only this replica's connections until it accepts one",
                Target, Channel, error);
        }
    }

    private void NotePublishAccepted()
    {
        if (Volatile.Read(ref _publishRefusal) is not null && Interlocked.Exchange(ref _publishRefusal, null) is not null)
        {
            _logger.LogInformation("Redis backplane: Redis ({Target}) accepts PUBLISH to channel {Channel} again", Target, Channel);
        }
    }

    private static JsonElement? ToJson(object? data) => data switch
    {
        null => null,
        JsonElement element => element,
        var other => JsonSerializer.SerializeToElement(other, s_wireJson),
    };

    private bool IsSubscribedOn(ISubscriber subscriber) =>
        subscriber.IsConnected(_channel) && subscriber.SubscribedEndpoint(_channel) is not null;

    private async Task RunAsync(CancellationToken stopping)
    {
        var multiplexer = await CreateMultiplexerAsync(stopping);
        if (multiplexer is null)
        {
            return;
        }

        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        _multiplexer = multiplexer;

        var queue = await SubscribeAsync(multiplexer.GetSubscriber(), stopping);
        if (queue is null)
        {
            return;
        }

        _queue = queue;
        Interlocked.Exchange(ref _outageLogged, 0);
        _logger.LogInformation(
            "Redis backplane subscribed to channel {Channel} on {Target} as replica {ReplicaId}", Channel, Target, ReplicaId);
        await ReadAsync(queue, stopping);
    }

    /// <summary>
    /// The multiplexer, which normally exists at once even while Redis is down (it connects in the background); only
    /// when creating it fails outright is that retried, until it works or the host stops.
    /// </summary>
    private async Task<IConnectionMultiplexer?> CreateMultiplexerAsync(CancellationToken stopping)
    {
        var logged = false;
        while (true)
        {
            try
            {
                return await _connection.GetAsync().WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever it was, this loop must outlive it: the backplane is retried, never given up on.
                if (!logged)
                {
                    logged = true;
                    _logger.LogWarning(
                        "Redis backplane could not create its connection ({Reason}); retrying every {RetryDelay}",
                        FailureDescriber.Describe(ex, Target), s_subscribeRetryDelay);
                }
            }

            try
            {
                await Task.Delay(s_subscribeRetryDelay, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>Subscribes once Redis is reachable; the multiplexer keeps the subscription across reconnects from then on.</summary>
    private async Task<ChannelMessageQueue?> SubscribeAsync(ISubscriber subscriber, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (subscriber.Multiplexer.IsConnected)
            {
                try
                {
                    return await subscriber.SubscribeAsync(_channel).WaitAsync(_options.PublishTimeout, _timeProvider, stopping);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // A failed subscribe leaves its queue registered with the multiplexer, which would re-subscribe it
                    // later next to the retry's: remove every handler of the channel before trying again.
                    try
                    {
                        await subscriber.UnsubscribeAsync(_channel).WaitAsync(_options.PublishTimeout, _timeProvider, stopping);
                    }
                    catch (Exception unsubscribeError) when (unsubscribeError is RedisException or TimeoutException)
                    {
                        // Unregistered locally before the command was sent; the server side goes with the connection.
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return null;
                }
            }

            try
            {
                await Task.Delay(s_subscribeRetryDelay, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
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
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            try
            {
                Deliver(message.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad message must not end the subscription.
                Interlocked.Increment(ref _rejected);
                _logger.LogError("Redis backplane could not deliver a message: {Error}", ex.GetType().Name);
            }
        }
    }

    private void Deliver(RedisValue value)
    {
        var bytes = (ReadOnlyMemory<byte>)value;
        if (bytes.Length > AgentEventRules.MaxMessageBytes)
        {
            Reject($"message of {bytes.Length} bytes is larger than {AgentEventRules.MaxMessageBytes}");
            return;
        }

        BackplaneMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<BackplaneMessage>(bytes.Span, s_wireJson);
        }
        catch (JsonException)
        {
            Reject("message is not a JSON event object");
            return;
        }

        if (message is null)
        {
            Reject("message is JSON null");
            return;
        }

        var errors = AgentEventRules.Validate(message.User, message.Type, message.RunId, message.Data);
        if (errors.Count > 0)
        {
            Reject(AgentEventRules.Summarize(errors));
            return;
        }

        Interlocked.Increment(ref _received);

        // This replica's own copy is delivered only if it claims the event first: the publisher may have delivered
        // it itself when PUBLISH failed (then the copy is skipped), or still be waiting for it (then it learns how).
        TaskCompletionSource<DeliveryResult>? waiter = null;
        if (message.Origin == ReplicaId && message.Id is { } ownId && !_claims.ClaimForCopy(ownId, out waiter))
        {
            return;
        }

        var data = message.Data is { ValueKind: JsonValueKind.Object } element ? (object)element : null;
        var pending = _manager.NotifyAsync(message.Type!, message.User!, message.RunId ?? AgentEventRules.DefaultRunId, data, CancellationToken.None);

        // The manager only queues, so the call has completed; the loop must not wait here in any case.
        var delivery = (pending.IsCompletedSuccessfully ? pending.Result : DeliveryResult.NotDelivered) with { Route = DeliveryRoute.Backplane };
        waiter?.TrySetResult(delivery);
    }

    private void Reject(string reason)
    {
        // Counted always, logged at Warning for the first and then every 1000th, so a broken producer cannot flood the log.
        var count = Interlocked.Increment(ref _rejected);
        if (count == 1 || count % 1000 == 0)
        {
            _logger.LogWarning(
                "Redis backplane ignored a message on channel {Channel}: {Reason} ({RejectedCount} ignored so far)", Channel, reason, count);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _outageLogged, 1) == 0)
        {
            _logger.LogWarning(
                "Redis backplane lost its subscription connection to {Endpoint} ({FailureType}): events reach only this replica's connections until it reconnects",
                Describe(args.EndPoint), args.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            Interlocked.Exchange(ref _outageLogged, 0);
            _logger.LogInformation("Redis backplane reconnected to {Endpoint}; re-subscribing to channel {Channel}", Describe(args.EndPoint), Channel);
        }
    }

    private static string Describe(EndPoint? endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "Redis",
        _ => endPoint.ToString() ?? "Redis",
    };

    /// <summary>
    /// Writes a <see cref="JsonElement"/> as the JSON text it was parsed from instead of re-encoding its strings, so
    /// the data of an event from <c>POST /events</c> reaches Redis no larger than the producer sent it: even the
    /// relaxed encoder writes a character outside the BMP as a 12-byte surrogate pair escape.
    /// </summary>
    private sealed class VerbatimJsonElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonElement.ParseValue(ref reader);

        // A parsed element is valid JSON: no need to check it again.
        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }
}
