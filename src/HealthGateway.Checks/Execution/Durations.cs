using System.Globalization;

namespace HealthGateway.Checks.Execution;

/// <summary>Formats durations the way descriptions say them: "250 ms", "5 s", "1.5 s".</summary>
public static class Durations
{
    /// <summary>A short human form of <paramref name="duration"/>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds)} ms");
        }

        var seconds = Math.Round(duration.TotalSeconds, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s");
    }

    /// <summary>Milliseconds, rounded, for "in 12 ms".</summary>
    public static string Millis(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds)} ms");
}
