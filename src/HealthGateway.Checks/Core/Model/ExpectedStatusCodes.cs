namespace HealthGateway.Checks.Core.Model;

/// <summary>A set of HTTP status codes parsed from text such as <c>200-299</c> or <c>200,204,401</c>.</summary>
public sealed class ExpectedStatusCodes
{
    private readonly IReadOnlyList<(int Min, int Max)> _ranges;

    private ExpectedStatusCodes(IReadOnlyList<(int Min, int Max)> ranges, string text)
    {
        _ranges = ranges;
        Text = text;
    }

    /// <summary>Any 2xx.</summary>
    public static ExpectedStatusCodes Default { get; } = new([(200, 299)], "200-299");

    /// <summary>The normalised text, for descriptions.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="statusCode"/> counts as up.</summary>
    public bool Contains(int statusCode) => _ranges.Any(range => statusCode >= range.Min && statusCode <= range.Max);

    /// <summary>Parses <paramref name="text"/>; null or blank means <see cref="Default"/>.</summary>
    public static bool TryParse(string? text, out ExpectedStatusCodes codes)
    {
        codes = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2
                || !int.TryParse(bounds[0], out var min)
                || !int.TryParse(bounds[^1], out var max)
                || min < 100 || max > 599 || min > max)
            {
                return false;
            }

            ranges.Add((min, max));
        }

        if (ranges.Count == 0)
        {
            return false;
        }

        codes = new ExpectedStatusCodes(ranges, string.Join(',', ranges.Select(r => r.Item1 == r.Item2 ? $"{r.Item1}" : $"{r.Item1}-{r.Item2}")));
        return true;
    }
}
