using System.Globalization;
using static HealthGateway.Checks.Text.TextShortener;

namespace HealthGateway.Api.Health;

/// <summary>The parsed query of <c>/health/ready</c>, or the message that explains why it is bad.</summary>
public sealed record ReadinessQuery(TimeSpan? Wait, bool Fresh)
{
    /// <summary>The longest wait a caller may ask for.</summary>
    public const int MaxWaitSeconds = 300;

    /// <summary>Parses <c>wait</c> (whole seconds, 1–300) and <c>fresh</c> (true/false).</summary>
    public static (ReadinessQuery? Query, string? Error) Parse(string? wait, string? fresh)
    {
        TimeSpan? waitSpan = null;
        if (wait is not null)
        {
            if (!int.TryParse(wait, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > MaxWaitSeconds)
            {
                return (null, $"wait must be a whole number of seconds from 1 to {MaxWaitSeconds}, was '{Shorten(wait)}'");
            }

            waitSpan = TimeSpan.FromSeconds(seconds);
        }

        var isFresh = false;
        if (fresh is not null)
        {
            switch (fresh.ToLowerInvariant())
            {
                case "true" or "1" or "":
                    isFresh = true;
                    break;
                case "false" or "0":
                    break;
                default:
                    return (null, $"fresh must be true or false, was '{Shorten(fresh)}'");
            }
        }

        return (new ReadinessQuery(waitSpan, isFresh), null);
    }
}
