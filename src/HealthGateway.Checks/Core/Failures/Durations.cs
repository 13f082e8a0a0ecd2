using System.Globalization;

namespace HealthGateway.Checks.Core.Failures;

/// <summary>Formats durations the way descriptions say them, in the checks and in the notifier diagnostics alike.</summary>
public static class Durations
{
    /// <summary>A short human form of <paramref name="duration"/>: "0.8 ms", "250 ms", "5 s", "1.25 s".</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds switch
        {
            < 10 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#} ms"),
            < 1000 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.##} s"),
        };

    /// <summary>Milliseconds, rounded, for "in 12 ms".</summary>
    public static string Millis(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds)} ms");
}
