using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Silences;

/// <summary>Source-generated JSON for what the silences feature reads and writes (no reflection: ready for Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Silence))]
[JsonSerializable(typeof(SilenceRequest))]
[JsonSerializable(typeof(SilenceCreated))]
[JsonSerializable(typeof(SilenceList))]
internal sealed partial class SilenceJsonContext : JsonSerializerContext;
