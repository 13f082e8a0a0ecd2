namespace HealthGateway.Api.Diagnostics;

/// <summary>The body of <c>POST /diagnostics/notifier</c> (see DESIGN.md): one entry per event, in run order.</summary>
public sealed record NotifierDiagnosticsReport(
    bool Success,
    TimeSpan TotalDuration,
    IReadOnlyDictionary<string, NotifierEventReport> Events)
{
    /// <summary>Words a person can act on: "5 events in order in 3 ms" or "tool_executing not received within 1 s".</summary>
    public string Describe()
    {
        if (Success)
        {
            return $"{Events.Count} events in order in {DurationText.Format(TotalDuration)}";
        }

        var (name, failed) = Events.First(entry => !entry.Value.Success);
        return $"{name} {failed.Error}";
    }
}
