using System.Text.Json.Serialization;
using HealthGateway.Checks.Core.Failures;

namespace HealthGateway.Api.Diagnostics;

/// <summary>The body of <c>POST /diagnostics/notifier</c> (see DESIGN.md): one entry per event, in run order.</summary>
/// <param name="Success">Every event arrived in order and, with the backplane on, went through Redis.</param>
/// <param name="Backplane">Present only when the Redis backplane is configured.</param>
public sealed record NotifierDiagnosticsReport(
    bool Success,
    TimeSpan TotalDuration,
    IReadOnlyDictionary<string, NotifierEventReport> Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NotifierBackplaneReport? Backplane = null)
{
    /// <summary>Every event arrived in order; only the backplane part, if any, failed.</summary>
    [JsonIgnore]
    public bool EventsSucceeded => Events.Values.All(entry => entry.Success);

    /// <summary>Words a person can act on: "5 events in order in 3 ms" or "tool_executing not received within 1 s".</summary>
    public string Describe()
    {
        if (Success)
        {
            var route = Backplane is null ? "" : " through the Redis backplane";
            return $"{Events.Count} events in order in {Durations.Format(TotalDuration)}{route}";
        }

        if (Events.FirstOrDefault(entry => !entry.Value.Success) is { Key: not null } failed)
        {
            return $"{failed.Key} {failed.Value.Error}";
        }

        return $"backplane: {Backplane?.Description ?? "failed"}";
    }
}
