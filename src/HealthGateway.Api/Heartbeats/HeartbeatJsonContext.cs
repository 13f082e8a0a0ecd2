using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Heartbeats;

/// <summary>Source-generated JSON for the heartbeat endpoint (no reflection: ready for Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HeartbeatReport))]
[JsonSerializable(typeof(HeartbeatReceipt))]
internal sealed partial class HeartbeatJsonContext : JsonSerializerContext;
