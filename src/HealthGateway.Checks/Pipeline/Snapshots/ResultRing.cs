using System.Collections.Concurrent;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// A service's last raw results, newest last, as 32-byte structs in a fixed ring: with ten thousand services and a
/// hundred results each, history is most of the gateway's memory, and a result object with its data bag per entry
/// cost several times this. Descriptions repeat ("HTTP 200 in 3 ms"), so they are shared through a bounded pool.
/// Not thread-safe: guarded with its <see cref="ServiceHistory"/>.
/// </summary>
internal sealed class ResultRing(int capacity)
{
    private const int MaxPooledDescriptions = 50_000;
    private static readonly ConcurrentDictionary<string, string> Descriptions = new(StringComparer.Ordinal);

    private readonly Slot[] _slots = new Slot[capacity];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(ServiceCheckResult result)
    {
        _slots[_next] = new Slot(Share(result.Description), result.Duration.Ticks, result.CheckedAt.UtcTicks, (short)result.CheckedAt.Offset.TotalMinutes, result.Status);
        _next = (_next + 1) % _slots.Length;
        _count = Math.Min(_count + 1, _slots.Length);
    }

    /// <summary>The results, oldest first, as result records (without data).</summary>
    public List<ServiceCheckResult> ToList()
    {
        var list = new List<ServiceCheckResult>(_count);
        var start = (_next - _count + _slots.Length) % _slots.Length;
        for (var i = 0; i < _count; i++)
        {
            var slot = _slots[(start + i) % _slots.Length];
            var offset = TimeSpan.FromMinutes(slot.OffsetMinutes);
            list.Add(new ServiceCheckResult(slot.Status, TimeSpan.FromTicks(slot.DurationTicks), slot.Description,
                new DateTimeOffset(slot.CheckedAtUtcTicks + offset.Ticks, offset), ServiceCheckResult.NoData));
        }

        return list;
    }

    private static string Share(string description)
    {
        if (Descriptions.TryGetValue(description, out var shared))
        {
            return shared;
        }

        // Bounded: past the limit new texts are kept as they are (the pool only saves memory, never decides anything).
        return Descriptions.Count < MaxPooledDescriptions ? Descriptions.GetOrAdd(description, description) : description;
    }

    private readonly record struct Slot(string Description, long DurationTicks, long CheckedAtUtcTicks, short OffsetMinutes, HealthStatus Status);
}
