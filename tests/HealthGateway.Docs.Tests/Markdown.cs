using System.Text;
using System.Text.RegularExpressions;

namespace HealthGateway.Docs.Tests;

/// <summary>The little of Markdown the docs tests need: headings and their GitHub anchors, links, sections.</summary>
internal static partial class Markdown
{
    /// <summary>The lines outside fenced code blocks (a <c>#</c> in a shell comment is not a heading).</summary>
    public static IEnumerable<string> ProseLines(string text)
    {
        var fenced = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return line.TrimEnd('\r');
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of <paramref name="text"/>, duplicates numbered -1, -2, ….</summary>
    public static IReadOnlySet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ProseLines(text))
        {
            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["title"].Value);
                var count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen.</summary>
    public static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The targets of the inline links (and images) in <paramref name="text"/>, outside code.</summary>
    public static IEnumerable<string> LinkTargets(string text)
    {
        foreach (var line in ProseLines(text))
        {
            var prose = InlineCode().Replace(line, string.Empty);
            foreach (Match link in Link().Matches(prose))
            {
                yield return link.Groups["target"].Value;
            }
        }
    }

    /// <summary>The document cut at its level-2 headings: (heading, body) pairs, the text before the first one left out.</summary>
    public static IEnumerable<(string Heading, string Body)> Sections(string text)
    {
        string? heading = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    yield return (heading, body.ToString());
                }

                heading = line[3..].Trim();
                body.Clear();
            }
            else
            {
                body.Append(line).Append('\n');
            }
        }

        if (heading is not null)
        {
            yield return (heading, body.ToString());
        }
    }

    /// <summary>The code spans (<c>`…`</c>) of <paramref name="line"/>, without their backticks.</summary>
    public static IEnumerable<string> CodeSpans(string line) =>
        InlineCode().Matches(line).Select(span => span.Value.Trim('`'));

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();
}
