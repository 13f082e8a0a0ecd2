using System.Text.Json.Serialization;

namespace HealthGateway.Api.Alerts;

/// <summary>Source-generated JSON for the webhook body (its names are explicit, so default options).</summary>
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
