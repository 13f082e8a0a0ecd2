using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.AgentEvents;

/// <summary>Source-generated JSON for <c>POST /events</c>: the event read, the answer written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AgentEventRequest))]
[JsonSerializable(typeof(AgentEventAccepted))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
