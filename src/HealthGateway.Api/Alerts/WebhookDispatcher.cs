using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace HealthGateway.Api.Alerts;

/// <summary>
/// Posts every state transition to each configured webhook, in the background. The poller only drops the
/// transition into one bounded queue per webhook and moves on; a slow or failing webhook delays nobody else,
/// and its failures are logged without its URL path, query or headers, which may hold a token.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService, IStateTransitionSink
{
    /// <summary>The named HttpClient (with its retry pipeline) used for deliveries.</summary>
    public const string HttpClientName = "HealthGateway.Webhooks";

    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _clients;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly Webhook[] _webhooks;
    private readonly ActiveSilences _silences;
    private readonly bool _notifyDependents;
    private readonly ITransitionClaims? _claims;

    // The store calls this sink, so it cannot be a constructor dependency; it has published the snapshot that
    // holds the transition's root cause before it calls.
    private readonly Lazy<HealthSnapshotStore> _store;

    /// <summary>Prepares one queue per configured webhook.</summary>
    public WebhookDispatcher(IOptions<AlertOptions> options, IHttpClientFactory clients, ActiveSilences silences, ILogger<WebhookDispatcher> logger,
        IServiceProvider services, ITransitionClaims? claims = null)
    {
        _claims = claims;
        _clients = clients;
        _silences = silences;
        _logger = logger;
        _store = new Lazy<HealthSnapshotStore>(services.GetRequiredService<HealthSnapshotStore>);
        var alerts = options.Value;
        _notifyDependents = alerts.Alerts.NotifyDependents;
        _webhooks = alerts.Webhooks.Select((webhook, index) =>
        {
            var url = new Uri(webhook.Url!);
            var name = $"#{index} {url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}";
            var queue = Channel.CreateBounded<WebhookPayload>(
                new BoundedChannelOptions(alerts.WebhookQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                dropped => LogDropped(logger, name, dropped.Service, dropped.NewStatus));
            return new Webhook(name, url, webhook.Headers, queue);
        }).ToArray();
    }

    /// <inheritdoc />
    public void OnTransition(StateTransition transition)
    {
        // First, for every transition: the claims follow each service's transitions in order to name the next one.
        TransitionTicket? ticket = null;
        if (_claims is not null && (ticket = _claims.Ticket(transition)) is null)
        {
            return;
        }

        // A first result after start is news only when it is bad; otherwise every restart would post one
        // "healthy" message per service.
        if (_webhooks.Length == 0 || (transition.From is null && transition.To == HealthStatus.Healthy))
        {
            return;
        }

        // A silenced service is still checked and reported; only its alerts are held back (and not replayed).
        if (_silences.Current.Find(transition.Service) is { } silence)
        {
            LogSilenced(_logger, transition.Service, transition.To.ToString(), silence.Id);
            return;
        }

        // A recovery carries no root cause (only an Unhealthy service has one), so it is always sent.
        var rootCause = transition.To == HealthStatus.Unhealthy
            ? _store.Value.Current.Find(transition.Service)?.RootCause
            : null;
        if (rootCause is not null && !_notifyDependents)
        {
            return;
        }

        var payload = WebhookPayload.From(transition, rootCause) with { TransitionId = ticket?.TransitionId, Replica = ticket?.Replica };
        foreach (var webhook in _webhooks)
        {
            webhook.Queue.Writer.TryWrite(payload);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_webhooks.Select(webhook => DeliverQueuedAsync(webhook, stoppingToken)));

    private async Task DeliverQueuedAsync(Webhook webhook, CancellationToken stoppingToken)
    {
        try
        {
            // One at a time per webhook, so a receiver sees a service go down before it sees it come back.
            await foreach (var payload in webhook.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                // Another replica that saw the same transition (a handover) may have sent it already: one alert per id.
                if (_claims is not null && payload.TransitionId is { } id && !await _claims.ClaimAsync($"{id}:{webhook.Name}", stoppingToken))
                {
                    LogClaimed(_logger, webhook.Name, payload.Service, payload.NewStatus, id);
                    continue;
                }

                await DeliverAsync(webhook, payload, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is still queued is dropped.
        }
    }

    private async Task DeliverAsync(Webhook webhook, WebhookPayload payload, CancellationToken stoppingToken)
    {
        try
        {
            var client = _clients.CreateClient(HttpClientName);

            // Bytes rather than a streamed JsonContent: a Content-Length every receiver accepts, and a body the
            // retry pipeline can send again.
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, AlertJsonContext.Default.WebhookPayload));
            content.Headers.ContentType = s_json;
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = content };
            foreach (var (name, value) in webhook.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                LogDelivered(_logger, webhook.Name, payload.Service, payload.OldStatus, payload.NewStatus);
            }
            else
            {
                LogFailed(_logger, webhook.Name, payload.Service, payload.OldStatus, payload.NewStatus,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var error = exception is TimeoutRejectedException timeout
                ? $"timed out after {Durations.Format(timeout.Timeout)}"
                : FailureDescriber.Describe(exception, webhook.Url.Authority);
            LogFailed(_logger, webhook.Name, payload.Service, payload.OldStatus, payload.NewStatus, error);
        }
    }

    [LoggerMessage(EventId = 3001, EventName = "WebhookDelivered", Level = LogLevel.Debug,
        Message = "Webhook {Webhook} accepted the alert for {Service} ({OldStatus} -> {NewStatus})")]
    private static partial void LogDelivered(ILogger logger, string webhook, string service, string oldStatus, string newStatus);

    [LoggerMessage(EventId = 3002, EventName = "WebhookFailed", Level = LogLevel.Warning,
        Message = "Webhook {Webhook} did not accept the alert for {Service} ({OldStatus} -> {NewStatus}), retries included: {Error}")]
    private static partial void LogFailed(ILogger logger, string webhook, string service, string oldStatus, string newStatus, string error);

    [LoggerMessage(EventId = 3003, EventName = "WebhookQueueFull", Level = LogLevel.Warning,
        Message = "Webhook {Webhook} is too far behind: dropped the oldest queued alert ({Service} -> {NewStatus})")]
    private static partial void LogDropped(ILogger logger, string webhook, string service, string newStatus);

    [LoggerMessage(EventId = 3004, EventName = "WebhookSilenced", Level = LogLevel.Debug,
        Message = "No webhook for {Service} -> {NewStatus}: silenced by {SilenceId}")]
    private static partial void LogSilenced(ILogger logger, string service, string newStatus, string silenceId);

    [LoggerMessage(EventId = 3005, EventName = "WebhookClaimedElsewhere", Level = LogLevel.Debug,
        Message = "Webhook {Webhook}: another replica already sent the alert for {Service} -> {NewStatus} ({TransitionId})")]
    private static partial void LogClaimed(ILogger logger, string webhook, string service, string newStatus, string transitionId);

    /// <param name="Name">How logs name the webhook: its index and scheme://host:port, nothing secret.</param>
    private sealed record Webhook(string Name, Uri Url, IReadOnlyDictionary<string, string> Headers, Channel<WebhookPayload> Queue);
}
