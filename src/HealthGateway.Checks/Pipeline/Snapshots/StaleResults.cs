using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Finds the results older than the freshness limit (polling has stalled for them) without walking every service on
/// every readiness request: it remembers the earliest moment any result can turn stale (the horizon), answers "none"
/// before it, and walks only after it. A recorded result can only bring the horizon closer (<see cref="Lower"/>).
/// </summary>
internal sealed class StaleResults(TimeSpan pollInterval)
{
    private static readonly Horizon Unknown = new(TimeSpan.MinValue, long.MinValue);

    private Horizon _horizon = Unknown;

    /// <summary>Forgets the horizon (a reload changed timeouts): the next request walks.</summary>
    public void Reset() => Volatile.Write(ref _horizon, Unknown);

    /// <summary>Brings the horizon closer if <paramref name="reported"/> turns stale before it.</summary>
    public void Lower(ServiceDefinition definition, ServiceCheckResult reported)
    {
        var horizon = Volatile.Read(ref _horizon);
        var due = (reported.CheckedAt + StaleAfter(definition, horizon.Limit)).UtcTicks;
        while (due < horizon.Ticks)
        {
            var seen = Interlocked.CompareExchange(ref _horizon, horizon with { Ticks = due }, horizon);
            if (ReferenceEquals(seen, horizon))
            {
                return;
            }

            horizon = seen;
        }
    }

    /// <summary>The services in <paramref name="entries"/> whose result is older than <paramref name="limit"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<string> Find(IReadOnlyList<ServiceEntry> entries, TimeSpan limit, DateTimeOffset now)
    {
        var horizon = Volatile.Read(ref _horizon);
        if (horizon.Limit == limit && now.UtcTicks < horizon.Ticks)
        {
            return [];
        }

        List<string>? stale = null;
        var earliest = long.MaxValue;
        foreach (var entry in entries)
        {
            if (entry.Result is { } result)
            {
                var due = result.CheckedAt + StaleAfter(entry.Definition, limit);
                if (now > due)
                {
                    (stale ??= []).Add(entry.Definition.Name);
                }
                else
                {
                    earliest = Math.Min(earliest, due.UtcTicks);
                }
            }
        }

        // While anything is stale every request walks, until the shared re-check has refreshed it. A result that
        // lowered the horizon during this walk is kept: the new horizon is the earlier of the two.
        var next = new Horizon(limit, stale is null ? earliest : long.MinValue);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _horizon, next, horizon);
            if (ReferenceEquals(seen, horizon))
            {
                break;
            }

            horizon = seen;
            next = next with { Ticks = seen.Limit == limit ? Math.Min(next.Ticks, seen.Ticks) : next.Ticks };
        }

        return stale ?? (IReadOnlyList<string>)[];
    }

    private TimeSpan StaleAfter(ServiceDefinition definition, TimeSpan limit)
    {
        // Never before the next scheduled check has had time to finish: a short limit must not make every request a check.
        var scheduled = pollInterval + definition.Timeout + TimeSpan.FromSeconds(1);
        return limit > scheduled ? limit : scheduled;
    }

    private sealed record Horizon(TimeSpan Limit, long Ticks);
}
