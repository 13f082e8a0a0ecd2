using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Checks.Core.Targets;

/// <summary>Reads the <c>Url</c> of URL-based kinds (http, websocket, …) and says what may be shown of it.</summary>
public static class UrlTarget
{
    /// <summary>
    /// Parses <paramref name="url"/> as an absolute URL with one of <paramref name="schemes"/> and a host; otherwise
    /// reports a problem on the <c>Url</c> field, quoting the text only through <see cref="ConfigurationText.Quote"/>.
    /// </summary>
    public static Uri? TryParse(string? url, string[] schemes, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            problem("Url", $"missing; expected an absolute {string.Join(" or ", schemes)} URL");
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host))
        {
            problem("Url", $"{ConfigurationText.Quote(url)} is not an absolute {string.Join(" or ", schemes)} URL");
            return null;
        }

        return uri;
    }

    /// <summary>A URL fit to show: scheme, host, port and path, never user info or query.</summary>
    public static string Safe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>Query-string values shorter than this (<c>v=1</c>, <c>format=json</c>) are words, not tokens: masking them would mask ordinary text.</summary>
    public const int MinQueryValueLength = 6;

    /// <summary>
    /// What of <paramref name="url"/> is secret: the password in its user info, and every query-string value of at
    /// least <see cref="MinQueryValueLength"/> characters, as written and unescaped (<c>?sig=…&amp;token=…</c>: a
    /// backend that echoes its request echoes them one by one).
    /// </summary>
    public static IEnumerable<string> Secrets(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        if (uri.UserInfo.Length > 0 && uri.UserInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            yield return Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = pair.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? pair[(equals + 1)..] : pair;
            var unescaped = Uri.UnescapeDataString(value.Replace('+', ' '));
            if (unescaped.Length >= MinQueryValueLength)
            {
                yield return value;
                yield return unescaped;
            }
        }
    }
}
