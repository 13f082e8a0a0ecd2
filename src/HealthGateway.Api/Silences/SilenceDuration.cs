using System.Globalization;
using System.Text.RegularExpressions;

namespace HealthGateway.Api.Silences;

/// <summary>
/// Reads a silence's <c>duration</c> the way a person writes it: <c>hh:mm:ss</c> (hours may pass 23: "24:00:00" is a
/// day, not TimeSpan's 24 days), <c>d.hh:mm:ss</c>, or a whole number with a unit (<c>45s</c>, <c>90m</c>, <c>2h</c>,
/// <c>1d</c>). A bare number is refused: "90" could mean any unit, and TimeSpan would read it as 90 days.
/// </summary>
public static partial class SilenceDuration
{
    /// <summary>The forms, for the message that refuses anything else.</summary>
    public const string Forms = "hh:mm:ss, d.hh:mm:ss, or a whole number with s, m, h or d such as 90m, 2h, 1d";

    /// <summary>Parses <paramref name="text"/>; a leading '-' gives a negative span, for the caller to refuse as such.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        var negative = trimmed.StartsWith('-');
        if (negative)
        {
            trimmed = trimmed[1..];
        }

        if (WithUnit().Match(trimmed) is { Success: true } unit)
        {
            if (!long.TryParse(unit.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000_000)
            {
                return false;
            }

            duration = unit.Groups["u"].Value.ToLowerInvariant() switch
            {
                "s" => TimeSpan.FromSeconds(count),
                "m" => TimeSpan.FromMinutes(count),
                "h" => TimeSpan.FromHours(count),
                _ => TimeSpan.FromDays(count),
            };
        }
        else if (Clock().Match(trimmed) is { Success: true } clock)
        {
            var days = clock.Groups["d"].Success ? Number(clock.Groups["d"].Value) : 0;
            var hours = Number(clock.Groups["h"].Value);
            var minutes = Number(clock.Groups["m"].Value);
            var seconds = Number(clock.Groups["s"].Value);
            if (days < 0 || hours < 0 || minutes >= 60 || seconds >= 60 || (clock.Groups["d"].Success && hours >= 24))
            {
                return false;
            }

            var fraction = clock.Groups["f"].Success ? double.Parse("0." + clock.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
            duration = TimeSpan.FromDays(days) + TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds + fraction);
        }
        else
        {
            return false;
        }

        duration = negative ? -duration : duration;
        return true;

        static long Number(string digits) => long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < 1_000_000 ? value : -1;
    }

    [GeneratedRegex(@"^(?<n>[0-9]{1,9})\s*(?<u>[smhdSMHD])$", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,6})\.)?(?<h>[0-9]{1,6}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(?:\.(?<f>[0-9]{1,7}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
