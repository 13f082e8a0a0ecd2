using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Backplane;

/// <summary>Source-generated JSON for the channel's messages, and for the event data the gateway itself publishes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BackplaneMessage))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, object>))]
internal sealed partial class BackplaneJsonContext : JsonSerializerContext;
