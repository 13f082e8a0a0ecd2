namespace HealthGateway.Api.Alerts;

/// <summary>One entry of <c>HealthGateway:Webhooks</c>: where state transitions are posted.</summary>
public sealed class WebhookOptions
{
    /// <summary>An absolute http or https URL. Its path and query may hold a token: they are never logged.</summary>
    public string? Url { get; set; }

    /// <summary>Request headers to send, such as <c>Authorization</c>. Their values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
