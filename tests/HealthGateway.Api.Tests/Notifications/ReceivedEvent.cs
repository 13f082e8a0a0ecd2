using System.Text.Json;

namespace HealthGateway.Api.Tests.Notifications;

/// <summary>One event as the client saw it on the wire.</summary>
public sealed record ReceivedEvent(string Type, string User, string RunId, long Sequence, JsonElement Data, string Raw)
{
    public static ReceivedEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ReceivedEvent(
            root.GetProperty("type").GetString()!,
            root.GetProperty("user").GetString()!,
            root.GetProperty("runId").GetString()!,
            root.GetProperty("sequence").GetInt64(),
            root.GetProperty("data").Clone(),
            json);
    }
}
