using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// Source-generated JSON for the event envelope on <c>/ws</c>, and for the event data the gateway itself produces:
/// a JSON element (<c>POST /events</c>, the backplane, the notifier probe) or the empty object.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AgentEventEnvelope))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, object>))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
