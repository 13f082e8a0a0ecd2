using System.Globalization;
using System.Text;

namespace HealthGateway.Probe;

/// <summary>Undoes <c>Transfer-Encoding: chunked</c>, which Kestrel uses for a body it streams without a length.</summary>
internal static class ChunkedBody
{
    /// <summary>The data of every chunk up to the last (zero-size) one; null when the encoding is broken or cut short.</summary>
    public static byte[]? Decode(ReadOnlySpan<byte> encoded)
    {
        var body = new List<byte>(encoded.Length);
        while (true)
        {
            var lineEnd = encoded.IndexOf("\r\n"u8);
            if (lineEnd <= 0)
            {
                return null;
            }

            // The size is hex, optionally followed by ";extension".
            var sizeText = encoded[..lineEnd];
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }

            if (!int.TryParse(Encoding.ASCII.GetString(sizeText).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
                || size < 0)
            {
                return null;
            }

            if (size == 0)
            {
                return [.. body];
            }

            var dataStart = lineEnd + 2;
            if (encoded.Length < dataStart + size + 2)
            {
                return null;
            }

            body.AddRange(encoded.Slice(dataStart, size));
            encoded = encoded[(dataStart + size + 2)..];
        }
    }
}
