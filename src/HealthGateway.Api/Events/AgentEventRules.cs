using System.Text.Json;
using HealthGateway.Api.Notifications;
using HealthGateway.Checks.Text;

namespace HealthGateway.Api.Events;

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
            errors["type"] = [$"unknown type '{TextShortener.Shorten(type)}': expected one of {s_types}"];
        }

        if (runId is not null && (runId.Length is 0 or > NotificationUserId.MaxLength || string.IsNullOrWhiteSpace(runId) || runId.Any(char.IsControl)))
        {
            errors["runId"] = [$"runId must be 1-{NotificationUserId.MaxLength} printable characters, or left out for the run '{DefaultRunId}'"];
        }

        if (data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } value)
        {
            errors["data"] = [$"data must be a JSON object (got {value.ValueKind.ToString().ToLowerInvariant()})"];
        }

        return errors;
    }

    /// <summary>One line naming every problem, for logs and ProblemDetails.detail.</summary>
    public static string Summarize(Dictionary<string, string[]> errors) =>
        string.Join("; ", errors.Values.SelectMany(messages => messages));
}
