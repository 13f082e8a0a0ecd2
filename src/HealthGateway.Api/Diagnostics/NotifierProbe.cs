using HealthGateway.Checks.Execution;
using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using HealthGateway.Api.Backplane;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// Proves the agent-event pipeline end to end: connects a real <see cref="ClientWebSocket"/> to this server's own
/// <c>/ws</c> over loopback as a fresh diagnostic user, drives the five notify methods in order and waits for each
/// event to arrive, intact and in order, within its own timeout (a fifth of the budget).
/// </summary>
/// <remarks>
/// The first event is sent only after <see cref="WebSocketNotificationManager.WaitForConnectionAsync"/> reports
/// the probe's socket as registered: ConnectAsync returns when the 101 arrives, which is before the manager has
/// added the socket to the user's connections. With the Redis backplane on, the notify methods publish to Redis
/// and the events reach the probe only through it, so the run proves that path too (the report's
/// <c>backplane</c> entry).
/// </remarks>
public sealed class NotifierProbe(
    IAgentEventNotifier notifier,
    WebSocketNotificationManager manager,
    IServer server,
    IConfiguration configuration,
    IOptions<BackplaneOptions> backplaneOptions,
    TimeProvider timeProvider,
    ILogger<NotifierProbe> logger) : IDisposable
{
    private const int MaxFrameBytes = 64 * 1024;
    private static readonly JsonSerializerOptions s_wireJson = new(JsonSerializerDefaults.Web);

    // One handler for every run: no proxy (this is loopback to ourselves), and no per-run handler set-up cost.
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false });
    private string? _webSocketBaseUrl;

    public async Task<NotifierDiagnosticsReport> RunAsync(TimeSpan budget, string? alsoNotifyUser, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        var perEvent = budget / AgentEventTypes.InRunOrder.Count;
        var id = Guid.NewGuid().ToString("N");
        var user = NotificationUserId.DiagnosticPrefix + id;
        var runId = $"diag-run-{id}";
        var events = new Dictionary<string, NotifierEventReport>(AgentEventTypes.InRunOrder.Count, StringComparer.Ordinal);
        var routes = new List<(string Type, DeliveryRoute Route)>(AgentEventTypes.InRunOrder.Count);
        var started = timeProvider.GetTimestamp();
        using var activity = DiagnosticsActivities.StartRun(runId, budget);

        // One timer for the whole run, re-armed for each step; cancelling a pending socket call aborts the probe socket.
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
        using var socket = new ClientWebSocket();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes);
        try
        {
            string? failedEvent = null;
            deadline.CancelAfter(perEvent);
            var connectError = await ConnectAsync(socket, user, perEvent, deadline.Token, cancellationToken);
            if (connectError is not null)
            {
                failedEvent = AgentEventTypes.AgentStarted;
                events[failedEvent] = new NotifierEventReport(false, timeProvider.GetElapsedTime(started), connectError);
            }

            for (var index = 0; index < AgentEventTypes.InRunOrder.Count; index++)
            {
                var type = AgentEventTypes.InRunOrder[index];
                using var eventActivity = DiagnosticsActivities.StartEvent(type);
                if (failedEvent is not null)
                {
                    events.TryAdd(type, new NotifierEventReport(false, Error: $"skipped: {failedEvent} failed"));
                    DiagnosticsActivities.CompleteEvent(eventActivity, events[type].Error);
                    continue;
                }

                deadline.CancelAfter(perEvent);
                var eventStarted = timeProvider.GetTimestamp();
                var error = await SendAndReceiveAsync(socket, buffer, index, user, runId, alsoNotifyUser, perEvent, routes, deadline.Token, cancellationToken);
                var elapsed = timeProvider.GetElapsedTime(eventStarted);
                events[type] = new NotifierEventReport(error is null, elapsed, error);
                DiagnosticsActivities.CompleteEvent(eventActivity, error);
                failedEvent = error is null ? null : type;
            }

            var backplane = DescribeBackplane(routes);
            var report = new NotifierDiagnosticsReport(
                failedEvent is null && backplane?.Success != false, timeProvider.GetElapsedTime(started), events, backplane);
            DiagnosticsActivities.CompleteRun(activity, report);
            if (!report.Success)
            {
                // Debug: the notifier health check's transition log already says when this starts failing.
                logger.LogDebug("Notifier diagnostics run {RunId} failed: {Description}", runId, report.Describe());
            }

            await CloseQuietlyAsync(socket, deadline, perEvent);
            return report;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _invoker.Dispose();

    private async Task<string?> ConnectAsync(ClientWebSocket socket, string user, TimeSpan timeout, CancellationToken deadline, CancellationToken request)
    {
        var baseUrl = ResolveWebSocketBaseUrl();
        if (baseUrl is null)
        {
            return "probe cannot connect: the server has no http address bound yet";
        }

        var uri = new Uri($"{baseUrl}/ws?user={Uri.EscapeDataString(user)}");
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (configuration[ApiKeyEndpointFilter.ConfigurationKey] is { Length: > 0 } apiKey)
        {
            socket.Options.SetRequestHeader(ApiKeyEndpointFilter.HeaderName, apiKey);
        }

        try
        {
            await socket.ConnectAsync(uri, _invoker, deadline);
            await manager.WaitForConnectionAsync(user, deadline);
            return null;
        }
        catch (OperationCanceledException) when (!request.IsCancellationRequested)
        {
            return $"probe did not connect to {baseUrl}/ws within {Durations.Format(timeout)}";
        }
        catch (WebSocketException ex)
        {
            return $"probe could not connect to {baseUrl}/ws: {ex.Message}";
        }
        catch (HttpRequestException ex)
        {
            return $"probe could not connect to {baseUrl}/ws: {ex.Message}";
        }
    }

    private async Task<string?> SendAndReceiveAsync(
        ClientWebSocket socket, byte[] buffer, int index, string user, string runId, string? alsoNotifyUser,
        TimeSpan timeout, List<(string Type, DeliveryRoute Route)> routes, CancellationToken deadline, CancellationToken request)
    {
        var type = AgentEventTypes.InRunOrder[index];
        var data = new { probe = "diagnostics", step = index + 1 };
        try
        {
            // Under the event's deadline: through the backplane a notify waits for its copy to come back from Redis.
            var delivery = await NotifyAsync(type, user, runId, data, deadline);
            routes.Add((type, delivery.Route));
            if (alsoNotifyUser is not null)
            {
                var extra = await NotifyAsync(type, alsoNotifyUser, runId, data, deadline);
                logger.LogDebug(
                    "Notifier diagnostics sent {EventType} to user {User}: {Connections} connections",
                    type, alsoNotifyUser, extra.Connections);
            }

            // Unconfirmed: published, but the copy was late; it may still arrive within the event's time.
            if (!delivery.Delivered && delivery.Route != DeliveryRoute.Unconfirmed)
            {
                return "not delivered: the manager had no open connection for the probe";
            }

            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    return $"a message longer than {MaxFrameBytes} bytes arrived instead of {type}";
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), deadline);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"connection closed by the server ({socket.CloseStatus} {socket.CloseStatusDescription}) before {type} arrived";
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return result.MessageType == WebSocketMessageType.Text
                        ? Check(buffer.AsSpan(0, length), index, user, runId)
                        : $"a binary message arrived instead of {type}";
                }
            }
        }
        catch (OperationCanceledException) when (!request.IsCancellationRequested)
        {
            return $"not received within {Durations.Format(timeout)}";
        }
        catch (WebSocketException ex)
        {
            return $"probe connection lost before {type} arrived: {ex.Message}";
        }
    }

    /// <summary>Null without a backplane; otherwise whether every event the probe sent went through Redis and back.</summary>
    private NotifierBackplaneReport? DescribeBackplane(List<(string Type, DeliveryRoute Route)> routes)
    {
        var options = backplaneOptions.Value;
        if (!options.Enabled)
        {
            return null;
        }

        HealthGateway.Checks.Targets.RedisTarget.TryDescribe(options.Redis!, out var target);
        if (routes.Count == 0)
        {
            return new NotifierBackplaneReport(false, "no event was sent, so none went through Redis");
        }

        foreach (var (type, route) in routes)
        {
            switch (route)
            {
                case DeliveryRoute.Backplane:
                    continue;
                case DeliveryRoute.LocalFallback:
                    return new NotifierBackplaneReport(false,
                        $"{type} was delivered on this replica only: not subscribed to Redis channel '{options.Channel}' ({target}); other replicas' users miss events");
                case DeliveryRoute.Unconfirmed:
                    return new NotifierBackplaneReport(false,
                        $"{type} was published, but its copy did not come back from Redis ({target}) within {Durations.Format(options.PublishTimeout)}");
                default:
                    return new NotifierBackplaneReport(false, $"{type} did not go through the backplane (route {route})");
            }
        }

        return new NotifierBackplaneReport(true, $"{routes.Count} events through Redis channel '{options.Channel}' ({target}) and back");
    }

    private ValueTask<DeliveryResult> NotifyAsync(string type, string user, string runId, object data, CancellationToken cancellationToken) =>
        type switch
        {
            AgentEventTypes.AgentStarted => notifier.NotifyAgentStartedAsync(user, runId, data, cancellationToken),
            AgentEventTypes.AgentThinking => notifier.NotifyAgentThinkingAsync(user, runId, data, cancellationToken),
            AgentEventTypes.ToolExecuting => notifier.NotifyToolExecutingAsync(user, runId, data, cancellationToken),
            AgentEventTypes.ToolCompleted => notifier.NotifyToolCompletedAsync(user, runId, data, cancellationToken),
            AgentEventTypes.AgentCompleted => notifier.NotifyAgentCompletedAsync(user, runId, data, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an agent event type"),
        };

    /// <summary>Returns what is wrong with the message that arrived in place of event <paramref name="index"/>, or null.</summary>
    private static string? Check(ReadOnlySpan<byte> json, int index, string user, string runId)
    {
        var expected = AgentEventTypes.InRunOrder[index];
        ProbeFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize<ProbeFrame>(json, s_wireJson);
        }
        catch (JsonException)
        {
            return $"a message that is not a JSON event arrived instead of {expected}";
        }

        if (frame is null)
        {
            return $"a null message arrived instead of {expected}";
        }

        if (frame.Type != expected)
        {
            var arrivedIndex = AgentEventTypes.RunPosition(frame.Type);
            return arrivedIndex switch
            {
                < 0 => $"unexpected message type '{frame.Type}' arrived instead of {expected}",
                _ when arrivedIndex < index => $"duplicate {frame.Type} arrived instead of {expected}",
                _ => $"out of order: {frame.Type} arrived before {expected}",
            };
        }

        if (frame.User != user)
        {
            return $"wrong user '{frame.User}' (expected '{user}')";
        }

        if (frame.RunId != runId)
        {
            return $"wrong runId '{frame.RunId}' (expected '{runId}')";
        }

        return frame.Sequence != index + 1 ? $"wrong sequence {frame.Sequence} (expected {index + 1})" : null;
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, CancellationTokenSource deadline, TimeSpan timeout)
    {
        if (socket.State != WebSocketState.Open || deadline.IsCancellationRequested)
        {
            return;
        }

        try
        {
            deadline.CancelAfter(timeout);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "diagnostics done", deadline.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The report is already complete; an untidy close only costs the server a cleanup.
        }
    }

    /// <summary>
    /// ws://host:port of this server, from the addresses Kestrel actually bound: a 127.0.0.1 or localhost http address
    /// when there is one, else a wildcard binding reached through 127.0.0.1.
    /// </summary>
    private string? ResolveWebSocketBaseUrl()
    {
        if (_webSocketBaseUrl is not null)
        {
            return _webSocketBaseUrl;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null)
        {
            return null;
        }

        (int Rank, string Url)? best = null;
        foreach (var address in addresses)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase) || binding.IsUnixPipe)
            {
                continue;
            }

            var (rank, host) = binding.Host switch
            {
                "127.0.0.1" => (0, "127.0.0.1"),
                "localhost" => (1, "localhost"),
                "[::1]" => (2, "[::1]"),
                "+" or "*" or "0.0.0.0" or "[::]" => (3, "127.0.0.1"),
                var other => (4, other),
            };
            if (best is null || rank < best.Value.Rank)
            {
                best = (rank, $"ws://{host}:{binding.Port}{binding.PathBase}");
            }
        }

        return _webSocketBaseUrl = best?.Url;
    }

    private sealed record ProbeFrame(string? Type, string? User, string? RunId, long Sequence);
}
