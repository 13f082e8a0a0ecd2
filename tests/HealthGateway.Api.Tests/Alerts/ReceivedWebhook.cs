using System.Text.Json;

namespace HealthGateway.Api.Tests.Alerts;

/// <summary>One request the <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonElement Body, int Status)
{
    public string Field(string name) => Body.GetProperty(name).ValueKind == JsonValueKind.String
        ? Body.GetProperty(name).GetString()!
        : Body.GetProperty(name).GetRawText();
}
