using System.Globalization;
using System.Text;

namespace HealthGateway.Checks.Core.Text;

/// <summary>
/// Makes text a dependency sent safe to show: every C0 and C1 control character and DEL becomes a visible escape
/// (<c>\u001b</c>). A hostile body's <c>ESC[2J</c> would otherwise clear the screen of whoever reads a description,
/// a log line or the CLI's output; a NUL or BEL would corrupt or ring it.
/// </summary>
public static class ControlCharacters
{
    /// <summary>True for U+0000–U+001F, U+007F (DEL) and U+0080–U+009F.</summary>
    public static bool IsControl(char c) => c < '\u0020' || c is >= '\u007f' and <= '\u009f';

    /// <summary><paramref name="text"/> with each control character written as <c>\uXXXX</c>; the same string when it has none.</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f');
        var firstHigh = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (first < 0 && firstHigh < 0)
        {
            return text;
        }

        var start = first < 0 ? firstHigh : firstHigh < 0 ? first : Math.Min(first, firstHigh);
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, start);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (IsControl(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
