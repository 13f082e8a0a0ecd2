namespace HealthGateway.Api.Backplane;

/// <summary>
/// Keeps the backplane's warnings to one per cause: once per outage (until <see cref="Reset"/>), and for a stream of
/// bad messages the first and every 1000th, so a broken producer or a long outage cannot flood the log.
/// </summary>
internal sealed class LogThrottle
{
    private int _logged;

    /// <summary>True the first time after construction or <see cref="Reset"/>: log it now, not again until then.</summary>
    public bool FirstSinceReset() => Interlocked.Exchange(ref _logged, 1) == 0;

    /// <summary>The cause has gone away; the next occurrence is worth a line again.</summary>
    public void Reset() => Interlocked.Exchange(ref _logged, 0);

    /// <summary>Whether occurrence number <paramref name="count"/> (from 1) of a repeated problem is logged.</summary>
    public static bool IsWorthLogging(long count) => count == 1 || count % 1000 == 0;
}
