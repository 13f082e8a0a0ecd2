using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// At most <see cref="GatewayOptions.MaxConcurrentChecks"/> checks run at once; the others wait for a slot
/// asynchronously (no pool thread is held), each at most its own timeout. A service that could not get a slot in
/// that time is reported as such (<see cref="Starved"/>), never silently skipped. Start offsets spread a large
/// fleet's checks over the poll interval (<see cref="StartOffset"/>), so the slots are rarely all taken.
/// </summary>
internal sealed class CheckAdmission(int maxConcurrent, TimeProvider time)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    /// <summary>The number of checks that may run at once.</summary>
    public int MaxConcurrent => maxConcurrent;

    /// <summary>Takes a slot; false when none was free within <paramref name="wait"/> (on this admission's clock).</summary>
    public async ValueTask<bool> EnterAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        // The common case: a slot is free, nothing is allocated.
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _slots.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Gives back a slot taken by <see cref="EnterAsync"/>.</summary>
    public void Exit() => _slots.Release();

    /// <summary>The result of a check that never got a slot: Unhealthy, as a check that timed out is, and saying why.</summary>
    public ServiceCheckResult Starved(ServiceDefinition service, TimeSpan waited) =>
        new(HealthStatus.Unhealthy, waited,
            $"not checked: no check slot came free within its timeout ({Durations.Format(service.Timeout)}); more than "
            + $"MaxConcurrentChecks ({maxConcurrent}) checks were running at once",
            time.GetUtcNow(), ServiceCheckResult.NoData);

    /// <summary>
    /// When a service's first check starts, after the poller starts: at once while every service fits in the slots;
    /// beyond that, at a fixed point of the interval derived from its name (the same on every start and replica),
    /// so the first sweep and every one after it spread their starts over the interval instead of stampeding.
    /// </summary>
    public TimeSpan StartOffset(string service, int services, TimeSpan interval)
    {
        if (services <= maxConcurrent)
        {
            return TimeSpan.Zero;
        }

        // FNV-1a over the lower-cased name: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in service)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return TimeSpan.FromTicks((long)(interval.Ticks * (hash / (double)uint.MaxValue)));
    }
}
