using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Logs each state transition once, as a structured event. A steady state logs nothing, however often it is
/// polled, so the log reads as a history of what changed.
/// </summary>
public sealed partial class LoggingTransitionSink(ILogger<LoggingTransitionSink> logger) : IStateTransitionSink
{
    /// <inheritdoc />
    public void OnTransition(StateTransition transition)
    {
        var level = transition.To switch
        {
            HealthStatus.Unhealthy => transition.Critical ? LogLevel.Error : LogLevel.Warning,
            HealthStatus.Degraded => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogTransition(logger, level, transition.Service, transition.From?.ToString() ?? "Unknown", transition.To.ToString(),
            transition.Reason, Math.Round(transition.Duration.TotalMilliseconds), transition.Critical);
    }

    [LoggerMessage(EventId = 1001, EventName = "ServiceStateChanged",
        Message = "Service {Service} changed from {OldStatus} to {NewStatus}: {Reason} ({DurationMs} ms, critical: {Critical})")]
    private static partial void LogTransition(ILogger logger, LogLevel level, string service, string oldStatus, string newStatus,
        string reason, double durationMs, bool critical);
}
