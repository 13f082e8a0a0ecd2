using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HealthGateway.Api.AgentEvents;
using HealthGateway.Checks.Core.Text;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// The agent-event notification manager: keeps each user's WebSocket connections and sends every event, in order,
/// to all of them. A notify call serializes the event once and only queues it on each connection (never waits), so
/// a client that stops reading cannot delay anyone; when its queue is full it is closed with 1008. It is the
/// terminal <see cref="IAgentEventSink"/>: whatever decorates it (the backplane) ends here on each replica.
/// </summary>
public sealed class WebSocketNotificationManager : IAgentEventSink, IDisposable
{
    // Data from an in-process producer may be of any type: by reflection in the JIT build (see JsonResolvers).
    private static readonly JsonTypeInfo<AgentEventEnvelope> s_envelopeJson =
        JsonResolvers.For<AgentEventEnvelope>(JsonResolvers.Create(NotificationJsonContext.Default));
    private static readonly object s_emptyData = new Dictionary<string, object?>();

    private readonly ConcurrentDictionary<string, UserConnections> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource>> _connectionWaiters = new(StringComparer.Ordinal);
    private readonly Lock _registrationGate = new();
    private readonly IOptionsMonitor<NotificationOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<WebSocketNotificationManager> _logger;
    private readonly SendQueueBudget _sendBudget;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private long _nextConnectionId;
    private bool _stopping;

    public WebSocketNotificationManager(
        IOptionsMonitor<NotificationOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketNotificationManager> logger,
        SendQueueBudget sendBudget)
    {
        _sendBudget = sendBudget;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _stoppingRegistration = lifetime.ApplicationStopping.Register(CloseAllForShutdown);
    }

    /// <summary>False once the host is stopping; new connections are then refused.</summary>
    public bool IsAcceptingConnections
    {
        get
        {
            lock (_registrationGate)
            {
                return !_stopping;
            }
        }
    }

    /// <summary>Open connections of one user (registered and not yet cleaned up).</summary>
    public int GetConnectionCount(string user) =>
        _users.TryGetValue(user, out var entry) ? entry.Connections.Length : 0;

    /// <summary>Open connections of all users.</summary>
    public int TotalConnectionCount => _users.Values.Sum(entry => entry.Connections.Length);

    /// <summary>
    /// Completes once <paramref name="user"/> has at least one registered connection. A client's ConnectAsync returns
    /// before the server has registered the socket; a sender that must not lose the first event waits for this.
    /// </summary>
    public Task WaitForConnectionAsync(string user, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        TaskCompletionSource waiter;
        lock (_registrationGate)
        {
            if (GetConnectionCount(user) > 0)
            {
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_connectionWaiters.TryGetValue(user, out var waiters))
            {
                _connectionWaiters[user] = waiters = [];
            }

            waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_registrationGate)
                {
                    if (_connectionWaiters.TryGetValue(user, out var waiters) && waiters.Remove(waiter) && waiters.Count == 0)
                    {
                        _connectionWaiters.Remove(user);
                    }
                }

                waiter.TrySetCanceled(cancellationToken);
            });
            _ = waiter.Task.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>
    /// Accepts the WebSocket upgrade of <paramref name="context"/> as <paramref name="user"/> and serves the
    /// connection until it closes. The caller has validated the request. A connection opened with a token that
    /// expires at <paramref name="expiresAt"/> is closed with 1008 then: it must not outlive its credential.
    /// </summary>
    public async Task AcceptAsync(HttpContext context, string user, DateTimeOffset? expiresAt = null)
    {
        var options = _options.CurrentValue;
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.PingInterval,
            KeepAliveTimeout = options.PingTimeout,
        });

        var connection = new WebSocketConnection(
            Interlocked.Increment(ref _nextConnectionId), user, socket, options, _sendBudget, _timeProvider);
        using (connection)
        {
            if (TryRegister(connection, options.MaxConnectionsPerUser) is { } refusal)
            {
                connection.RequestClose(refusal.Status, refusal.Reason);
            }
            else
            {
                // The notifier health check connects on every poll: its probe users are logged at Debug, so a
                // steady state does not write a line per poll.
                _logger.Log(NotificationUserId.IsDiagnostic(user) ? LogLevel.Debug : LogLevel.Information,
                    "WebSocket connection {ConnectionId} opened for user {User}", connection.Id, user);
            }

            using var expiry = expiresAt is { } at
                ? _timeProvider.CreateTimer(
                    static state => ((WebSocketConnection)state!).RequestClose(WebSocketCloseStatus.PolicyViolation, "token expired"),
                    connection, Max(at - _timeProvider.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan)
                : null;
            try
            {
                await connection.RunAsync(context.RequestAborted);
            }
            finally
            {
                Unregister(connection);
                var close = connection.CloseRequest;
                _logger.Log(NotificationUserId.IsDiagnostic(user) ? LogLevel.Debug : LogLevel.Information,
                    "WebSocket connection {ConnectionId} of user {User} ended: {CloseStatus} {CloseReason}",
                    connection.Id, user, close?.Status.ToString() ?? "no close handshake", close?.Reason ?? connection.LostReason);
            }
        }
    }

    public void Dispose() => _stoppingRegistration.Dispose();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Queues <paramref name="agentEvent"/> for every connection of its user on this replica. Never waits for a client.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Its type is not one of the five, a user or run id is empty, or its JSON data holds a string no client could be
    /// sent (an unpaired surrogate): refused before a sequence number is taken, so no client sees a gap.
    /// </exception>
    public ValueTask<DeliveryResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        var (type, user, runId, data) = agentEvent;
        if (AgentEventTypes.RunPosition(type) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(agentEvent), type, "not an agent event type");
        }

        ArgumentException.ThrowIfNullOrEmpty(user, nameof(agentEvent));
        ArgumentException.ThrowIfNullOrEmpty(runId, nameof(agentEvent));
        if (data is JsonElement element && AgentEventRules.FindUnpairedSurrogate(element, "data") is { } path)
        {
            throw new ArgumentException($"{path}: contains an unpaired surrogate", nameof(agentEvent));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<DeliveryResult>(cancellationToken);
        }

        if (!_users.TryGetValue(user, out var entry))
        {
            return ValueTask.FromResult(DeliveryResult.NotDelivered);
        }

        // Sequence numbering, serialization and queueing happen under the user's lock so that two concurrent
        // notifies for one user reach every connection in sequence order. Nothing in here waits on a socket.
        lock (entry.Gate)
        {
            var connections = entry.Connections;
            if (connections.Length == 0)
            {
                return ValueTask.FromResult(DeliveryResult.NotDelivered);
            }

            var envelope = new AgentEventEnvelope(
                type, user, runId, entry.NextSequence(runId, runEnds: type == AgentEventTypes.AgentCompleted),
                _timeProvider.GetUtcNow().UtcDateTime, data ?? s_emptyData);
            var payload = JsonSerializer.SerializeToUtf8Bytes(envelope, s_envelopeJson);

            var queued = 0;
            foreach (var connection in connections)
            {
                // A connection over its count or byte bound is closed with 1008 (see SendQueueBudget).
                if (_sendBudget.TryEnqueue(connection, payload))
                {
                    queued++;
                }
            }

            return ValueTask.FromResult(new DeliveryResult(queued > 0, queued));
        }
    }

    /// <summary>Registers <paramref name="connection"/>, or says why it is refused.</summary>
    private (WebSocketCloseStatus Status, string Reason)? TryRegister(WebSocketConnection connection, int maxConnectionsPerUser)
    {
        List<TaskCompletionSource>? waiters;
        lock (_registrationGate)
        {
            if (_stopping)
            {
                return (WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
            }

            var entry = _users.GetOrAdd(connection.User, static _ => new UserConnections());
            if (entry.Connections.Length >= maxConnectionsPerUser)
            {
                // One user id cannot hold the server's sockets: the cap bounds what a runaway client can take.
                return (WebSocketCloseStatus.PolicyViolation, "too many connections for this user");
            }

            entry.Connections = [.. entry.Connections, connection];
            _connectionWaiters.Remove(connection.User, out waiters);
        }

        waiters?.ForEach(waiter => waiter.TrySetResult());
        return null;
    }

    private void Unregister(WebSocketConnection connection)
    {
        lock (_registrationGate)
        {
            if (!_users.TryGetValue(connection.User, out var entry))
            {
                return;
            }

            entry.Connections = [.. entry.Connections.Where(c => c != connection)];
            if (entry.Connections.Length == 0)
            {
                // The user's run sequences go with the entry; a later connection starts fresh.
                _users.TryRemove(connection.User, out _);
            }
        }
    }

    private void CloseAllForShutdown()
    {
        lock (_registrationGate)
        {
            _stopping = true;
        }

        var count = 0;
        foreach (var entry in _users.Values)
        {
            foreach (var connection in entry.Connections)
            {
                connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
                count++;
            }
        }

        if (count > 0)
        {
            _logger.LogInformation("Closing {ConnectionCount} WebSocket connections for shutdown", count);
        }
    }
}
