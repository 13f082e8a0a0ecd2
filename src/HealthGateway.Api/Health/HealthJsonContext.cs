using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Health;

/// <summary>
/// Source-generated metadata for the health wire types, and for the values the built-in checks put in an entry's
/// <c>data</c> (typed <see cref="object"/>, so each runtime type must be known here for the native build).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LivenessResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(ServiceDetailsResponse))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
