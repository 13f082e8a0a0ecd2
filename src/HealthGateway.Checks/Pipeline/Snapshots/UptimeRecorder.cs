using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// The share of time a service was Healthy over the last hour, day and week, from its recorded results: the time
/// between two results belongs to the status the first one reported. Per-minute buckets for the hour and per-hour
/// buckets for the day and the week keep it at 1,866 bytes of counters per service (about 2 KB with the object
/// headers) however many results arrive, and a result costs a few bucket updates (O(1); no walk of other services).
/// Not thread-safe: guarded with its <see cref="ServiceHistory"/>.
/// </summary>
internal sealed class UptimeRecorder
{
    private static readonly long Hour = TimeSpan.TicksPerHour;

    // One bucket more than each window, for the bucket the window starts in.
    private readonly UptimeBuckets _minutes = new(60 + 1, TimeSpan.TicksPerMinute);
    private readonly UptimeBuckets _hours = new(7 * 24 + 1, TimeSpan.TicksPerHour);

    // The status in force since the last result, and when that was (UTC ticks); not observing before the first
    // result and while a service is pending (no status is known then).
    private long _since;
    private bool _healthy;
    private bool _observing;

    /// <summary>The counters' bytes, besides object headers.</summary>
    public int PayloadBytes => _minutes.PayloadBytes + _hours.PayloadBytes + sizeof(long) + 2 * sizeof(bool);

    /// <summary>Records the status a result reported at <paramref name="at"/>; a result older than the last is ignored.</summary>
    public void Record(DateTimeOffset at, HealthStatus status, bool pending)
    {
        var now = at.UtcTicks;
        if (_observing)
        {
            if (now < _since)
            {
                // Out of order (a replica's result that crossed a newer one): its time is already attributed.
                return;
            }

            _minutes.Add(_since, now, _healthy);
            _hours.Add(_since, now, _healthy);
        }

        _since = now;
        _healthy = status == HealthStatus.Healthy;
        _observing = !pending;
    }

    /// <summary>The shares as of <paramref name="now"/>, the time since the last result counted under its status.</summary>
    public ServiceUptime Read(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        (long, bool)? open = _observing ? (_since, _healthy) : null;
        return new ServiceUptime(
            Share(_minutes.Sum(ticks, Hour, open)),
            Share(_hours.Sum(ticks, 24 * Hour, open)),
            Share(_hours.Sum(ticks, 7 * 24 * Hour, open)));
    }

    private static double? Share((double Healthy, double Observed) sum) =>
        sum.Observed <= 0 ? null : Math.Round(100.0 * sum.Healthy / sum.Observed, 3);
}
