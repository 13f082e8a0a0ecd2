namespace HealthGateway.Api.Alerts;

/// <summary>
/// The alerting settings in the <c>HealthGateway</c> section: the webhooks every state transition is posted to,
/// and how hard to try.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "HealthGateway";

    /// <summary>The webhooks; none by default.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>The budget of one delivery attempt. Default 10 s.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a failed attempt (connection error, timeout, 408, 429 or 5xx). Default 3.</summary>
    public int WebhookRetries { get; set; } = 3;

    /// <summary>The first retry's delay, doubled for each further one, with jitter. Default 1 s.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Which transitions are sent (<c>HealthGateway:Alerts:*</c>).</summary>
    public AlertRoutingOptions Alerts { get; set; } = new();

    /// <summary>Transitions waiting per webhook; past this the oldest is dropped (and logged). Default 1000.</summary>
    public int WebhookQueueCapacity { get; set; } = 1000;
}
