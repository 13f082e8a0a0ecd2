namespace HealthGateway.Checks.Core.Text;

/// <summary>
/// Shortens a value quoted back in an error message ("wait must be …, was '…'"), so that a long or hostile
/// input cannot flood a response or a log line, while the start of it still shows what was sent.
/// </summary>
public static class TextShortener
{
    /// <summary>The longest quoted value kept whole.</summary>
    public const int QuotedLength = 40;

    /// <summary><paramref name="text"/> itself, or its first <see cref="QuotedLength"/> characters followed by "…".</summary>
    public static string Shorten(string text) => Shorten(text, QuotedLength);

    /// <summary><paramref name="text"/> itself, or its first <paramref name="length"/> characters followed by "…".</summary>
    public static string Shorten(string text, int length) => text.Length > length ? text[..length] + "…" : text;
}
