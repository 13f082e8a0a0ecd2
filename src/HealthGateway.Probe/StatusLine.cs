namespace HealthGateway.Probe;

/// <summary>An HTTP/1.x status line: <c>HTTP/1.1 503 Service Unavailable</c>.</summary>
/// <param name="Code">The three-digit status.</param>
/// <param name="Reason">The reason phrase as the server sent it (printable ASCII, clipped); may be empty.</param>
internal sealed record StatusLine(int Code, string Reason)
{
    /// <summary>The status line in <paramref name="line"/> (without its CRLF), or null when it is not one.</summary>
    public static StatusLine? TryParse(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.x" SP 3DIGIT [SP reason]
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || (line.Length > 12 && line[12] != (byte)' '))
        {
            return null;
        }

        var code = 0;
        foreach (var digit in line[9..12])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return null;
            }

            code = (code * 10) + (digit - '0');
        }

        return code is < 100 or > 599 ? null : new StatusLine(code, line.Length > 13 ? Printable.Clip(line[13..], 60) : string.Empty);
    }

    public override string ToString() => Reason.Length == 0 ? $"{Code}" : $"{Code} {Reason}";
}
