using System.Globalization;
using HealthGateway.Checks.Pipeline.Readiness;
using static HealthGateway.Checks.Core.Text.TextShortener;

namespace HealthGateway.Api.Health;

/// <summary>The parsed query of <c>/health/ready</c>, or the message that explains why it is bad.</summary>
public sealed record ReadinessQuery(TimeSpan? Wait, bool Fresh)
{
    /// <summary>The longest wait a caller may ask for.</summary>
    public const int MaxWaitSeconds = 300;

    /// <summary>Which services the caller asks about (<c>services</c>, <c>tags</c>, <c>exclude</c>).</summary>
    public ReadinessSelection Selection { get; init; } = ReadinessSelection.Default;

    /// <summary>Parses <c>wait</c>, <c>fresh</c> and the selection (comma lists, each parameter may repeat).</summary>
    public static (ReadinessQuery? Query, string? Error) Parse(IQueryCollection query)
    {
        foreach (var single in (string[])["wait", "fresh"])
        {
            if (query.TryGetValue(single, out var given) && given.Count > 1)
            {
                // Two waits are not a question the caller meant: say so rather than pick one.
                return (null, $"{single} may be given once, was given {given.Count} times");
            }
        }

        var (parsed, error) = Parse(Single(query, "wait"), Single(query, "fresh"));
        if (parsed is null)
        {
            return (null, error);
        }

        var selection = ReadinessSelection.Parse(query["services"], query["tags"], query["exclude"], out error);
        return selection is null ? (null, error) : (parsed with { Selection = selection }, null);

        static string? Single(IQueryCollection query, string key) => query.TryGetValue(key, out var values) ? values[0] : null;
    }

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
