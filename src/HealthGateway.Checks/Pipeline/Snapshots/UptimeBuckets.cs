namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// A ring of fixed-width time buckets (a minute, an hour), each holding the milliseconds observed and the
/// milliseconds of those that were Healthy: two ints per bucket, allocated once. Adding an interval touches at most
/// as many buckets as the ring holds, whatever the interval's length. Not thread-safe: guarded with its
/// <see cref="ServiceHistory"/>.
/// </summary>
internal sealed class UptimeBuckets(int count, long bucketTicks)
{
    // [2i] healthy ms, [2i + 1] observed ms, of the bucket whose absolute index i' has i' % count == i.
    private readonly int[] _ms = new int[2 * count];

    // The absolute index (UTC ticks / bucketTicks) of the newest bucket; the ring holds (_head - count, _head].
    private long _head = long.MinValue;

    /// <summary>The bytes this ring holds besides its object headers: what the 4 KB per service is counted in.</summary>
    public int PayloadBytes => _ms.Length * sizeof(int) + sizeof(long);

    /// <summary>Attributes [<paramref name="from"/>, <paramref name="to"/>) (UTC ticks) to its buckets, as Healthy or not.</summary>
    public void Add(long from, long to, bool healthy)
    {
        from = Math.Max(from, to - count * bucketTicks);
        if (to <= from)
        {
            return;
        }

        Advance((to - 1) / bucketTicks);
        for (var bucket = from / bucketTicks; bucket * bucketTicks < to; bucket++)
        {
            if (bucket <= _head - count)
            {
                continue;
            }

            var start = Math.Max(from, bucket * bucketTicks);
            var end = Math.Min(to, (bucket + 1) * bucketTicks);
            var ms = (int)((end - start) / TimeSpan.TicksPerMillisecond);
            var slot = (int)(bucket % count) * 2;
            _ms[slot + 1] += ms;
            if (healthy)
            {
                _ms[slot] += ms;
            }
        }
    }

    /// <summary>
    /// Sums the <paramref name="window"/> that ends at <paramref name="now"/> (UTC ticks): the buckets inside it, the
    /// one it starts in pro rata, and <paramref name="open"/> (the interval since the last result, not recorded yet)
    /// where it falls inside. The ring must hold one bucket more than the window, for the one it starts in.
    /// </summary>
    public (double HealthyMs, double ObservedMs) Sum(long now, long window, (long From, bool Healthy)? open)
    {
        var start = now - window;
        var first = start / bucketTicks;
        var last = now / bucketTicks;
        double healthy = 0, observed = 0;

        // Before the first interval the ring holds nothing (and _head - count would wrap).
        for (var bucket = Math.Max(first, _head - count + 1); _head != long.MinValue && bucket <= Math.Min(last, _head); bucket++)
        {
            var slot = (int)(bucket % count) * 2;
            var weight = bucket == first ? ((bucket + 1) * bucketTicks - start) / (double)bucketTicks : 1;
            healthy += _ms[slot] * weight;
            observed += _ms[slot + 1] * weight;
        }

        if (open is { } pending && now > Math.Max(pending.From, start))
        {
            var ms = (now - Math.Max(pending.From, start)) / (double)TimeSpan.TicksPerMillisecond;
            observed += ms;
            healthy += pending.Healthy ? ms : 0;
        }

        return (healthy, observed);
    }

    private void Advance(long bucket)
    {
        if (bucket <= _head)
        {
            return;
        }

        // Clear what the ring reuses: at most the whole ring, however long ago the last bucket was.
        var clearFrom = _head == long.MinValue ? bucket - count + 1 : Math.Max(_head + 1, bucket - count + 1);
        for (var b = clearFrom; b <= bucket; b++)
        {
            var slot = (int)(((b % count) + count) % count) * 2;
            _ms[slot] = 0;
            _ms[slot + 1] = 0;
        }

        _head = bucket;
    }
}
