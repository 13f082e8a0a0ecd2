using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Security;

/// <summary>Source-generated JSON for <c>GET /access</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccessDescription))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;
