using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Security;
using HealthGateway.Checks.Core.Failures;
using Microsoft.AspNetCore.Hosting.Server;

namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// Proves the agent-event pipeline end to end: connects a real <see cref="ClientWebSocket"/> to this server's own
/// <c>/ws</c> over loopback as a fresh diagnostic user, drives the five notify methods in order and waits for each
/// event to arrive, intact and in order, within its own timeout (a fifth of the budget).
/// </summary>
/// <remarks>
/// The first event is sent only after <see cref="WebSocketNotificationManager.WaitForConnectionAsync"/> reports
/// the probe's socket as registered: ConnectAsync returns when the 101 arrives, which is before the manager has
/// added the socket to the user's connections. The events go in through <see cref="IAgentEventSink"/>, the one way
/// in every producer uses: with the Redis backplane on they reach the probe only through Redis, so the run proves
/// that path too (the report's <c>backplane</c> entry, from <paramref name="relay"/>).
/// </remarks>
public sealed class NotifierProbe(
    IAgentEventSink sink,
    WebSocketNotificationManager manager,
    IServer server,
    ApiKeyRing keys,
    TimeProvider timeProvider,
    ILogger<NotifierProbe> logger,
    AgentEventRelayInfo? relay = null) : IDisposable
{
    private const int MaxFrameBytes = 64 * 1024;

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

            var backplane = ProbeRoutes.Describe(routes, relay);
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
        var baseUrl = _webSocketBaseUrl ??= LoopbackWebSocketAddress.Resolve(server);
        if (baseUrl is null)
        {
            return "probe cannot connect: the server has no http address bound yet";
        }

        var uri = new Uri($"{baseUrl}/ws?user={Uri.EscapeDataString(user)}");
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        // The gateway's own key (events:read-any only): the probe connects whatever access is configured.
        socket.Options.SetRequestHeader(GatewayAccess.HeaderName, keys.ProbeKey);

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
        // A JSON element, as any producer's data arrives: the manager and the backplane write it as it is.
        var data = JsonSerializer.SerializeToElement(new ProbeStepData("diagnostics", index + 1), DiagnosticsJsonContext.Default.ProbeStepData);
        try
        {
            // Under the event's deadline: through the backplane a notify waits for its copy to come back from Redis.
            var delivery = await sink.PublishAsync(new AgentEvent(type, user, runId, data), deadline);
            routes.Add((type, delivery.Route));
            if (alsoNotifyUser is not null)
            {
                var extra = await sink.PublishAsync(new AgentEvent(type, alsoNotifyUser, runId, data), deadline);
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
                        ? ProbeFrameCheck.Check(buffer.AsSpan(0, length), index, user, runId)
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
}
