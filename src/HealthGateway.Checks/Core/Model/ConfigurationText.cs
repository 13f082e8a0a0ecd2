using System.Text.RegularExpressions;
using HealthGateway.Checks.Core.Text;

namespace HealthGateway.Checks.Core.Model;

/// <summary>
/// Quotes a configured value in an error message without what may be a secret in it. It works on the text alone,
/// never on a parse of it: the values quoted are the ones that did not parse (<c>http:/eve:pw@api</c> is no URL, yet
/// <c>eve:pw</c> is still a password).
/// </summary>
public static partial class ConfigurationText
{
    /// <summary>Longer values are cut: an error names a value, it does not reproduce it.</summary>
    public const int MaxQuotedLength = 80;

    /// <summary>
    /// <paramref name="value"/> in single quotes, with any user-info-looking part (everything between a scheme and the
    /// last <c>@</c>) and any query masked, cut to <see cref="MaxQuotedLength"/> characters.
    /// </summary>
    public static string Quote(string? value)
    {
        var text = Mask(value ?? "");
        return $"'{ControlCharacters.Escape(TextShortener.Shorten(text, MaxQuotedLength))}'";
    }

    /// <summary><paramref name="text"/> with user info and query masked as <see cref="Quote"/> does, not cut.</summary>
    public static string Mask(string text)
    {
        // User info ends at the LAST '@': a password may itself contain '@', '/', '?' or '#'. Over-masking a path that
        // holds an '@' costs a little clarity in an error; under-masking would print a password.
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            var scheme = SchemePrefix().Match(text);
            var start = scheme.Success && scheme.Length <= at ? scheme.Length : 0;
            text = text[..start] + "***" + text[at..];
        }

        var query = text.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? text[..query] + "?***" : text;
    }

    // A scheme and whatever slashes follow it, well-formed or not: "http://", "http:/", "redis:".
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:/*")]
    private static partial Regex SchemePrefix();
}
