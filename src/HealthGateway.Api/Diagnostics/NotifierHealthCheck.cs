using HealthGateway.Api.Notifications;
using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// Runs the notifier diagnostics sequence (five events over a real loopback WebSocket) within
/// <see cref="NotificationOptions.HealthCheckBudget"/>. Registered as <c>notifier</c>, tag <c>diagnostics</c>, not critical.
/// </summary>
public sealed class NotifierHealthCheck(NotifierProbe probe, IOptions<NotificationOptions> options, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The poller starts before Kestrel listens; a probe before then would report a failure that is not one.
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(cancellationToken);
        }

        NotifierDiagnosticsReport report;
        try
        {
            report = await probe.RunAsync(options.Value.HealthCheckBudget, alsoNotifyUser: null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"notifier probe failed: {ex.Message}");
        }

        var data = report.Events.ToDictionary(
            entry => entry.Key,
            entry => (object)(entry.Value.Success
                ? $"ok in {Durations.Format(entry.Value.ExecutionTime.GetValueOrDefault())}"
                : entry.Value.Error ?? "failed"));
        if (report.Backplane is { } backplane)
        {
            data["backplane"] = backplane.Description;
        }

        if (report.Success)
        {
            return HealthCheckResult.Healthy(report.Describe(), data);
        }

        // Every event still reached the probe on this replica: only the way to the other replicas is broken, which
        // the backplane check reports as well, so this is no worse than Degraded.
        var status = report.EventsSucceeded && context.Registration.FailureStatus == HealthStatus.Unhealthy
            ? HealthStatus.Degraded
            : context.Registration.FailureStatus;
        return new HealthCheckResult(status, report.Describe(), data: data);
    }
}
