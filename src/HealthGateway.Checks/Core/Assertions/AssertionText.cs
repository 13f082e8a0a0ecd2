using HealthGateway.Checks.Core.Text;

namespace HealthGateway.Checks.Core.Assertions;

/// <summary>
/// How a failed assertion quotes what it saw: in double quotes, cut to a length a dashboard line can hold, so a
/// 64 KiB body or a long header never floods a description. The runner redacts the whole description afterwards.
/// </summary>
public static class AssertionText
{
    /// <summary>The longest value quoted in full; longer ones are cut and end with an ellipsis.</summary>
    public const int MaxShownLength = 100;

    /// <summary>
    /// <paramref name="value"/> in double quotes and shortened, or <c>NULL</c> for a missing value. Pass the
    /// gateway's <paramref name="redact"/> for text the target sent: it masks secrets before the cut, since a secret
    /// cut in half would no longer be recognised by the runner's redaction of the whole description.
    /// </summary>
    public static string Quote(string? value, Func<string, string>? redact = null) =>
        value is null ? "NULL" : "\"" + Shorten(redact is null ? value : redact(value)) + "\"";

    /// <summary>
    /// <paramref name="value"/> cut to <paramref name="max"/> characters with an ellipsis; line breaks become spaces
    /// and every other control character a visible escape (<c>\u001b</c>, see <see cref="ControlCharacters"/>). Every
    /// value a description quotes goes through here, so no description, log line or CLI output carries a raw one.
    /// </summary>
    public static string Shorten(string value, int max = MaxShownLength)
    {
        var flat = value.ReplaceLineEndings(" ");

        // Never cut a surrogate pair in half: the description is JSON and a lone surrogate is refused there. The cut
        // comes before the escape, so an escape is never cut in half either.
        var cut = flat.Length > max && char.IsHighSurrogate(flat[max - 1]) ? max - 1 : max;
        return ControlCharacters.Escape(TextShortener.Shorten(flat, cut));
    }
}
