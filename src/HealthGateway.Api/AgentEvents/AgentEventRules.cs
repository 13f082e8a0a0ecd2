using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// What an event from outside the process must look like, whether it comes as <c>POST /events</c> or as a message on
/// the backplane channel: the same rules, so a producer may use either.
/// </summary>
public static class AgentEventRules
{
    /// <summary>Largest event accepted, in bytes of JSON (64 KiB): a body or a Redis message larger than this is refused.</summary>
    public const int MaxEventBytes = 64 * 1024;

    /// <summary>
    /// Largest message accepted from the Redis channel: an event of <see cref="MaxEventBytes"/> plus room for the
    /// two fields a gateway adds when it publishes one (origin and id).
    /// </summary>
    public const int MaxMessageBytes = MaxEventBytes + 1024;

    /// <summary>The run an event belongs to when the producer names none.</summary>
    public const string DefaultRunId = "default";

    private static readonly string s_types = string.Join(", ", AgentEventTypes.InRunOrder);

    /// <summary>Every problem with the fields, keyed by field name; empty when the event is valid.</summary>
    public static Dictionary<string, string[]> Validate(string? user, string? type, string? runId, JsonElement? data)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(user))
        {
            errors["user"] = ["user is required: the id the client connected to /ws?user=<id> with"];
        }
        else if (NotificationUserId.Validate(user) is { } userError)
        {
            errors["user"] = [userError];
        }

        if (string.IsNullOrEmpty(type))
        {
            errors["type"] = [$"type is required: one of {s_types}"];
        }
        else if (AgentEventTypes.RunPosition(type) < 0)
        {
            errors["type"] = [$"unknown type '{Truncate(type)}': expected one of {s_types}"];
        }

        if (runId is not null && (runId.Length is 0 or > NotificationUserId.MaxLength || string.IsNullOrWhiteSpace(runId) || runId.Any(char.IsControl)))
        {
            errors["runId"] = [$"runId must be 1-{NotificationUserId.MaxLength} printable characters, or left out for the run '{DefaultRunId}'"];
        }

        if (data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } value)
        {
            errors["data"] = [$"data must be a JSON object (got {value.ValueKind.ToString().ToLowerInvariant()})"];
        }
        else if (data is { ValueKind: JsonValueKind.Object } element && FindUnpairedSurrogate(element, "data") is { } path)
        {
            // Valid JSON text, but no UTF-16 string: sending it to a client would fail after its sequence number was taken.
            errors["data"] = [$"{path}: contains an unpaired surrogate (\\ud800-\\udfff escapes must come in pairs)"];
        }

        return errors;
    }

    /// <summary>One line naming every problem, for logs and ProblemDetails.detail.</summary>
    public static string Summarize(Dictionary<string, string[]> errors) =>
        string.Join("; ", errors.Values.SelectMany(messages => messages));

    /// <summary>The path (<c>data.k</c>, <c>data.list[2]</c>) of the first string or key holding an unpaired surrogate escape, or null.</summary>
    public static string? FindUnpairedSurrogate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return HasUnpairedSurrogate(JsonMarshal.GetRawUtf8Value(element)) ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (HasUnpairedSurrogate(JsonMarshal.GetRawUtf8PropertyName(property)))
                    {
                        return $"{path} (a key)";
                    }

                    if (FindUnpairedSurrogate(property.Value, $"{path}.{Truncate(property.Name)}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnpairedSurrogate(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]")) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether JSON string text (UTF-8, escapes not yet decoded) has a \\u escape of a surrogate without its partner.
    /// Raw UTF-8 cannot hold one (the parser refuses it), so only escapes need looking at.
    /// </summary>
    private static bool HasUnpairedSurrogate(ReadOnlySpan<byte> json)
    {
        var pendingHigh = false;
        for (var index = 0; index < json.Length; index++)
        {
            if (json[index] != (byte)'\\' || index + 1 >= json.Length)
            {
                if (pendingHigh)
                {
                    return true;
                }

                continue;
            }

            if (json[index + 1] != (byte)'u' || index + 5 >= json.Length
                || !int.TryParse(json.Slice(index + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                if (pendingHigh)
                {
                    return true;
                }

                index++;
                continue;
            }

            index += 5;
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh != isLow)
            {
                return true;
            }

            pendingHigh = isHigh;
        }

        return pendingHigh;
    }

    private static string Truncate(string text) => HealthGateway.Checks.Core.Text.TextShortener.Shorten(text);
}
