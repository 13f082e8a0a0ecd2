using System.Text.Json.Serialization;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Alerts;

/// <summary>
/// The JSON body posted for one state transition. <c>text</c> makes it a valid Slack (and Mattermost, and
/// Rocket.Chat) incoming-webhook message as it is; the other fields are for machines.
/// </summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("oldStatus")] string OldStatus,
    [property: JsonPropertyName("newStatus")] string NewStatus,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("critical")] bool Critical,
    [property: JsonPropertyName("duration")] TimeSpan Duration,
    [property: JsonPropertyName("text")] string Text)
{
    /// <summary>The deepest Unhealthy dependency that explains this service being down; absent when none does.</summary>
    [JsonPropertyName("rootCause")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RootCause { get; init; }

    /// <summary>The same for every replica that saw this transition (a fleet alerts it once); absent without a fleet.</summary>
    [JsonPropertyName("transitionId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TransitionId { get; init; }

    /// <summary>The replica that sent this alert; absent without a fleet.</summary>
    [JsonPropertyName("replica")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Replica { get; init; }

    /// <summary>The payload for <paramref name="transition"/>; a first result has old status "Unknown".</summary>
    public static WebhookPayload From(StateTransition transition, string? rootCause = null)
    {
        var oldStatus = transition.From?.ToString() ?? "Unknown";
        var newStatus = transition.To.ToString();
        var icon = transition.To switch
        {
            HealthStatus.Healthy => ":large_green_circle:",
            HealthStatus.Degraded => ":large_yellow_circle:",
            _ => ":red_circle:",
        };
        var critical = transition.Critical ? " (critical)" : "";
        var because = rootCause is null ? "" : $" (down because {rootCause} is down)";
        var text = $"{icon} {transition.Service}{critical} is {newStatus}, was {oldStatus}{because}: {EscapeForSlack(transition.Reason)} [{Durations.Format(transition.Duration)}]";
        return new WebhookPayload(transition.Service, oldStatus, newStatus, transition.Reason, transition.At, transition.Critical,
            transition.Duration, text) { RootCause = rootCause };
    }

    // Slack reads &, < and > in text as markup (links, mentions); escaped, a reason prints as it is.
    private static string EscapeForSlack(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
