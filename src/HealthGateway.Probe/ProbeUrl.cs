namespace HealthGateway.Probe;

/// <summary>
/// An <c>http://</c> URL taken apart by hand: <see cref="Uri"/> would bring IDN and escaping tables the probe never
/// needs. User info is dropped (never sent, never printed), and so is the query from what is printed (it may hold an
/// API key, and container runtimes keep health-check output).
/// </summary>
/// <param name="Host">The host name or address, without the brackets of an IPv6 literal.</param>
/// <param name="Port">The TCP port, 80 when the URL names none.</param>
/// <param name="HostHeader">The <c>Host</c> header: brackets kept, port only when it is not 80.</param>
/// <param name="Target">The request target: the path and the query.</param>
/// <param name="Shown">The URL as printed: scheme, host, port and path, no user info, no query.</param>
internal sealed record ProbeUrl(string Host, int Port, string HostHeader, string Target, string Shown)
{
    private const string Scheme = "http://";

    /// <summary>Parses <paramref name="text"/>; on failure, <paramref name="error"/> is the line to print.</summary>
    public static ProbeUrl? TryParse(string text, out string error)
    {
        error = string.Empty;
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            error = "https is not supported: healthgateway-probe speaks plain http only (no TLS); probe the container's http port";
            return null;
        }

        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{Printable.Clip(text)}' is not an http:// URL";
            return null;
        }

        var rest = text[Scheme.Length..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        var authorityEnd = rest.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var target = authorityEnd < 0 ? "/" : rest[authorityEnd..];
        if (target[0] == '?')
        {
            target = "/" + target;
        }

        // Raw spaces or control characters in the target would split the request line or inject a header.
        foreach (var c in target)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                error = "the URL's path has a character that must be percent-encoded";
                return null;
            }
        }

        var userInfoEnd = authority.LastIndexOf('@');
        if (userInfoEnd >= 0)
        {
            authority = authority[(userInfoEnd + 1)..];
        }

        if (!TrySplitAuthority(authority, out var host, out var port, out var hostHeader))
        {
            error = $"the URL's host or port is not valid: '{Printable.Clip(authority)}'";
            return null;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        return new ProbeUrl(host, port, hostHeader, target, $"{Scheme}{authority}{path}");
    }

    private static bool TrySplitAuthority(string authority, out string host, out int port, out string hostHeader)
    {
        host = authority;
        port = 80;
        hostHeader = authority;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < authority.Length && authority[close + 1] != ':'))
            {
                return false;
            }

            host = authority[1..close];
            portText = close + 1 < authority.Length ? authority[(close + 2)..] : null;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0)
            {
                host = authority[..colon];
                portText = authority[(colon + 1)..];
            }
        }

        if (portText is not null && !TryParsePort(portText, out port))
        {
            return false;
        }

        if (host.Length == 0 || host.AsSpan().ContainsAny("/\\ \t\r\n[]@"))
        {
            return false;
        }

        var bracketed = authority.StartsWith('[') ? $"[{host}]" : host;
        hostHeader = port == 80 ? bracketed : $"{bracketed}:{port}";
        return true;
    }

    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port is > 0 and <= 65535;
    }
}
