using System.Globalization;
using System.Text;

namespace HealthGateway.Api.Badges;

/// <summary>
/// A shields.io-style flat badge: the label on grey, the status on its colour, both as text (colour is never the
/// only signal), with a title and an aria-label for screen readers. The label comes from the caller (<c>?label=</c>),
/// so it is cut to <see cref="MaxLabelLength"/> characters, stripped of what XML cannot carry (control characters,
/// lone surrogates) and escaped: a badge is embedded in READMEs and wikis, and must never carry markup of a caller's.
/// </summary>
internal static class BadgeSvg
{
    /// <summary>The longest label drawn, in characters; a longer one is cut and ends with an ellipsis.</summary>
    public const int MaxLabelLength = 48;

    // Verdana 11px, as shields draws it: an average advance of ~7 px a character is close enough for a flat badge.
    private const double CharWidth = 7.0;
    private const int Padding = 6;

    /// <summary>The badge of <paramref name="label"/> and <paramref name="status"/> (its text on its colour).</summary>
    public static string Render(string label, BadgeStatus status)
    {
        var left = Width(label);
        var right = Width(status.Text);
        var total = left + right;
        var labelText = Escape(label);
        var statusText = Escape(status.Text);
        var svg = new StringBuilder(1024);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total}\" height=\"20\" role=\"img\" aria-label=\"{labelText}: {statusText}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{labelText}: {statusText}</title>");
        svg.Append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>");
        svg.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"r\"><rect width=\"{total}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>");
        svg.Append("<g clip-path=\"url(#r)\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"label\" width=\"{left}\" height=\"20\" fill=\"#555\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"status\" x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{status.Color}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{total}\" height=\"20\" fill=\"url(#s)\"/></g>");
        svg.Append("<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">");
        AppendText(svg, "label-text", left / 2.0, labelText);
        AppendText(svg, "status-text", left + (right / 2.0), statusText);
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The label as drawn: <paramref name="requested"/> (or <paramref name="fallback"/> when it is empty or has
    /// nothing printable) without control characters and lone surrogates, whitespace runs as one space, cut to
    /// <see cref="MaxLabelLength"/> characters without splitting a surrogate pair.
    /// </summary>
    public static string Label(string? requested, string fallback)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return fallback;
        }

        // Bounded before any work: a query value may be as long as the server lets a request line be.
        var source = requested.Length > MaxLabelLength * 4 ? requested[..(MaxLabelLength * 4)] : requested;
        var clean = new StringBuilder(MaxLabelLength + 2);
        var space = false;
        var i = 0;
        for (; i < source.Length && clean.Length < MaxLabelLength; i++)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                clean.Append(' ', space ? 1 : 0).Append(c).Append(source[++i]);
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = clean.Length > 0;
            }
            else if (!char.IsSurrogate(c) && !char.IsControl(c) && c is not ('\uFFFE' or '\uFFFF'))
            {
                // (A control character, a lone surrogate or a non-character is not printable, or not XML at all: dropped.)
                clean.Append(' ', space ? 1 : 0).Append(c);
                space = false;
            }
        }

        if (clean.Length == 0)
        {
            return fallback;
        }

        if (i < requested.Length)
        {
            // Cut: room for the ellipsis, never half a surrogate pair.
            var keep = Math.Min(clean.Length, MaxLabelLength - 1);
            if (keep > 0 && char.IsHighSurrogate(clean[keep - 1]))
            {
                keep--;
            }

            return clean.ToString(0, keep).TrimEnd() + "…";
        }

        return clean.ToString();
    }

    private static void AppendText(StringBuilder svg, string role, double x, string text)
    {
        var at = x.ToString("0.#", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{at}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" aria-hidden=\"true\">{text}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"{role}\" x=\"{at}\" y=\"14\">{text}</text>");
    }

    private static int Width(string text) => (int)Math.Ceiling((new StringInfo(text).LengthInTextElements * CharWidth) + (2 * Padding));

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
