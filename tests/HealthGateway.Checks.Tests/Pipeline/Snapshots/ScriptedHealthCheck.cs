using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

/// <summary>A check that returns the next scripted status on each run (the last one repeats) and counts its runs.</summary>
internal sealed class ScriptedHealthCheck(params HealthStatus[] script) : IHealthCheck
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Func<CancellationToken, Task>? BeforeResult { get; init; }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var run = Interlocked.Increment(ref _runs) - 1;
        if (BeforeResult is not null)
        {
            await BeforeResult(cancellationToken);
        }

        var status = script[Math.Min(run, script.Length - 1)];
        return new HealthCheckResult(status, $"run {run + 1}: {status}");
    }
}
