using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Health;

/// <summary>Source-generated JSON for the <c>application/health+json</c> body (no reflection: ready for Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthDraftResponse))]
internal sealed partial class HealthDraftJsonContext : JsonSerializerContext;
