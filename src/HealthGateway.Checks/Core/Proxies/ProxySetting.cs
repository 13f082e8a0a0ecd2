using System.Net;

namespace HealthGateway.Checks.Core.Proxies;

/// <summary>
/// Reads a service's <c>Proxy</c> key: absent (the environment decides, as in any .NET program), empty (no proxy,
/// whatever the environment says), or <c>http://[user:pass@]host:port</c>. The value is never quoted in an error: it may
/// hold the proxy's password.
/// </summary>
public static class ProxySetting
{
    /// <summary>The proxy variables .NET reads on Linux, whose user info is as secret as a configured one's.</summary>
    private static readonly string[] s_environmentVariables = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];

    /// <summary>Reports an unusable <c>Proxy</c> as (field, message); null and empty are both fine.</summary>
    public static void Check(string? setting, Action<string, string> problem)
    {
        if (string.IsNullOrEmpty(setting))
        {
            return;
        }

        if (Parse(setting) is null)
        {
            problem("Proxy", "is not an http:// proxy URL such as http://proxy:3128 or http://user:password@proxy:3128 "
                + "(host and port only, no path); set it to \"\" to use no proxy");
        }
    }

    /// <summary>The proxy's URI, or null when <paramref name="setting"/> is empty or not an http://host[:port] URL.</summary>
    public static Uri? Parse(string? setting) =>
        !string.IsNullOrWhiteSpace(setting) && Uri.TryCreate(setting.Trim(), UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttp && uri.IdnHost.Length > 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            ? uri
            : null;

    /// <summary>The user and password in the proxy URL's user info, unescaped; null without user info.</summary>
    public static NetworkCredential? Credentials(Uri proxy)
    {
        if (proxy.UserInfo.Length == 0)
        {
            return null;
        }

        var parts = proxy.UserInfo.Split(':', 2);
        return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    /// <summary>
    /// The secrets a check's proxy holds: the configured proxy's password (as written and unescaped), or, when the key
    /// is absent, the passwords in the environment's proxy variables.
    /// </summary>
    public static IEnumerable<string> Secrets(string? setting)
    {
        IEnumerable<string?> sources = setting is null ? s_environmentVariables.Select(Environment.GetEnvironmentVariable) : [setting];
        foreach (var source in sources)
        {
            if (string.IsNullOrWhiteSpace(source) || !Uri.TryCreate(source.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
            {
                continue;
            }

            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon < uri.UserInfo.Length - 1)
            {
                var written = uri.UserInfo[(colon + 1)..];
                yield return written;
                yield return Uri.UnescapeDataString(written);
            }
        }
    }
}
