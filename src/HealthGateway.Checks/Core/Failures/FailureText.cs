using System.Text;

namespace HealthGateway.Checks.Core.Failures;

/// <summary>Helpers for writing failure descriptions.</summary>
public static class FailureText
{
    /// <summary>
    /// The first line of <paramref name="message"/>, trimmed and cut to 200 characters: never a stack trace, and
    /// never a raw control character (a peer's garbage byte quoted by a client library showed up as <c>\u000b</c>).
    /// </summary>
    public static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0];
        var clean = new StringBuilder(Math.Min(line.Length, 201));
        foreach (var c in line)
        {
            if (clean.Length > 200)
            {
                break;
            }

            // A control character becomes a space; runs of spaces become one.
            var next = char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c;
            if (next != ' ' || clean.Length > 0 && clean[^1] != ' ')
            {
                clean.Append(next);
            }
        }

        var text = clean.ToString().Trim();
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
