using System.Globalization;

namespace HealthGateway.Api.Diagnostics;

/// <summary>Durations as people read them in descriptions: "6 s", "1.4 s", "3 ms", "0.8 ms".</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds switch
        {
            < 10 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.#} ms"),
            < 1000 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.##} s"),
        };
}
