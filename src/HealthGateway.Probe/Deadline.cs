using System.Diagnostics;

namespace HealthGateway.Probe;

/// <summary>One budget for the whole exchange; every blocking socket call gets what is left of it.</summary>
internal readonly struct Deadline(TimeSpan budget)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Milliseconds left, at least 1 while any is left (0 would mean "wait forever" to a socket timeout).</summary>
    public int RemainingMilliseconds
    {
        get
        {
            var left = budget - Stopwatch.GetElapsedTime(_start);
            return left <= TimeSpan.Zero ? 0 : Math.Max(1, (int)Math.Ceiling(left.TotalMilliseconds));
        }
    }

    public bool Expired => RemainingMilliseconds == 0;
}
