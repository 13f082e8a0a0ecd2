namespace HealthGateway.Probe;

/// <summary>Text from the command line or the network, made safe for one line on a terminal or in <c>docker inspect</c>.</summary>
internal static class Printable
{
    /// <summary>Printable ASCII only (anything else becomes '?'), at most <paramref name="max"/> characters.</summary>
    public static string Clip(string text, int max = 80)
    {
        var length = Math.Min(text.Length, max);
        return string.Create(length + (text.Length > max ? 1 : 0), text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i == max ? '…' : source[i] is >= ' ' and < '\u007f' ? source[i] : '?';
            }
        });
    }

    /// <summary>The same for bytes off the wire, read as ASCII.</summary>
    public static string Clip(ReadOnlySpan<byte> bytes, int max = 80)
    {
        var chars = new char[Math.Min(bytes.Length, max)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = bytes[i] is >= (byte)' ' and < 0x7f ? (char)bytes[i] : '?';
        }

        return bytes.Length > max ? new string(chars) + "…" : new string(chars);
    }
}
