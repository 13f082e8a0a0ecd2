using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Fleet;

/// <summary>A member's heartbeat value: who it is and which settings it runs (the hash of its services' fingerprints).</summary>
internal sealed record FleetMember(
    [property: JsonPropertyName("replica")] string Replica,
    [property: JsonPropertyName("config")] string Config);

/// <summary>
/// One message on the fleet's channel. <c>result</c>: an owner's check of one service, under one fingerprint (also
/// the value kept in the results hash). <c>check</c>: check these services now. <c>hurry</c>: check them every
/// WaitPollInterval for one member timeout (someone waits on them; renewed while they do). <c>heartbeat</c>: a
/// push service's heartbeat accepted by the sender (<c>status</c> ok or fail, <c>description</c> the job's message,
/// <c>checkedAt</c> when it arrived; also the value kept in the heartbeats hash).
/// </summary>
internal sealed record FleetMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("replica")] string Replica)
{
    public const string Result = "result";
    public const string Check = "check";
    public const string Hurry = "hurry";
    public const string Heartbeat = "heartbeat";

    [JsonPropertyName("service")] public string? Service { get; init; }

    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; init; }

    [JsonPropertyName("status")] public string? Status { get; init; }

    [JsonPropertyName("duration")] public TimeSpan Duration { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("checkedAt")] public DateTimeOffset CheckedAt { get; init; }

    [JsonPropertyName("data")] public Dictionary<string, JsonElement>? Data { get; init; }

    /// <summary>When the service's last transition happened, as the sender saw it: the base of the next transition's id.</summary>
    [JsonPropertyName("since")] public string? Since { get; init; }

    [JsonPropertyName("services")] public string[]? Services { get; init; }
}

/// <summary>Source-generated JSON for the fleet's Redis values and messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FleetMember))]
[JsonSerializable(typeof(FleetMessage))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
