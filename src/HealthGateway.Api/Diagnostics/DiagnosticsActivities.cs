using System.Diagnostics;

namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// The trace side of a notifier diagnostics run: one span per run, with a child span per event (sent, received or
/// skipped). Recorded only while a listener (the OTLP tracer, a test) subscribes to <see cref="SourceName"/>.
/// </summary>
public static class DiagnosticsActivities
{
    /// <summary>The <see cref="ActivitySource"/> name to subscribe to.</summary>
    public const string SourceName = "HealthGateway.Diagnostics";

    /// <summary>The span name of a run.</summary>
    public const string RunName = "healthgateway.diagnostics.notifier";

    /// <summary>The span name of one event of a run.</summary>
    public const string EventName = "healthgateway.diagnostics.event";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>Starts the span of a run.</summary>
    public static Activity? StartRun(string runId, TimeSpan budget)
    {
        var activity = s_source.StartActivity(RunName);
        activity?.SetTag("healthgateway.run_id", runId);
        activity?.SetTag("healthgateway.budget_seconds", budget.TotalSeconds);
        return activity;
    }

    /// <summary>Ends the span of a run with its outcome.</summary>
    public static void CompleteRun(Activity? activity, NotifierDiagnosticsReport report)
    {
        activity?.SetTag("healthgateway.success", report.Success);
        activity?.SetStatus(report.Success ? ActivityStatusCode.Ok : ActivityStatusCode.Error, report.Success ? null : report.Describe());
    }

    /// <summary>Starts the child span of one event, under the current run span.</summary>
    public static Activity? StartEvent(string type)
    {
        var activity = s_source.StartActivity(EventName);
        if (activity is not null)
        {
            activity.DisplayName = type;
            activity.SetTag("healthgateway.event", type);
        }

        return activity;
    }

    /// <summary>Ends the span of one event: <paramref name="error"/> null means it arrived in order.</summary>
    public static void CompleteEvent(Activity? activity, string? error)
    {
        activity?.SetTag("healthgateway.success", error is null);
        activity?.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
    }
}
