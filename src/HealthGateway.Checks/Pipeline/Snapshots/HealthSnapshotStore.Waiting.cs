using HealthGateway.Checks.Pipeline.Readiness;

namespace HealthGateway.Checks.Pipeline.Snapshots;

// Waiting for readiness (?wait= and the CLI's wait): reacting to each new snapshot, no sleep loop.
public sealed partial class HealthSnapshotStore
{
    /// <summary>
    /// Waits for the gateway (or the part of it <paramref name="view"/> keeps) to turn ready by reacting to each
    /// new snapshot (no sleep loop), until <paramref name="timeout"/> has passed or the gateway starts stopping;
    /// returns the last whole snapshot either way. This is <c>?wait=</c> on the server and <c>wait</c> on the
    /// command line.
    /// </summary>
    /// <param name="timeout">How long to wait, on this store's clock.</param>
    /// <param name="view">Narrows each snapshot to the services asked about; null keeps it whole.</param>
    /// <param name="whileWaiting">Started before each wait with the narrowed snapshot and disposed after it (the
    /// server hurries the services that hold the answer back); null for nothing.</param>
    /// <param name="onChange">Called with each new narrowed snapshot that is still not ready, for progress output.</param>
    /// <param name="cancellationToken">Ends the wait early (the caller went away).</param>
    public async Task<ReadinessSnapshot> WaitUntilReadyAsync(TimeSpan timeout, Func<ReadinessSnapshot, ReadinessSnapshot>? view,
        Func<ReadinessSnapshot, IDisposable?>? whileWaiting, Action<ReadinessSnapshot>? onChange, CancellationToken cancellationToken)
    {
        view ??= static snapshot => snapshot;
        var started = _time.GetTimestamp();
        var full = Current;
        var seen = view(full);
        while (!seen.Ready && seen.Phase != GatewayPhase.Stopping)
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using (whileWaiting?.Invoke(seen))
            {
                try
                {
                    await WaitForChangeAsync(full, cancellationToken).WaitAsync(remaining, _time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    break;
                }
            }

            full = Current;
            seen = view(full);
            if (!seen.Ready)
            {
                onChange?.Invoke(seen);
            }
        }

        return full;
    }
}
