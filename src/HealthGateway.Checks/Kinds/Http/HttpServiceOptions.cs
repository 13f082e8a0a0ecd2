using HealthGateway.Checks.Core.OAuth2;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary>The settings of an <c>http</c> service, besides the common ones: <c>HealthGateway:Services:&lt;name&gt;:…</c>; the certificate settings apply to https.</summary>
public sealed class HttpServiceOptions : Tls.TlsSettings
{
    /// <summary>The http or https URL to GET.</summary>
    public string? Url { get; set; }

    /// <summary>The status codes that count as up, e.g. <c>200-299</c> or <c>200,204,401</c>. Default 200-299.</summary>
    public string? ExpectedStatusCodes { get; set; }

    /// <summary>Request headers to send (for example an Authorization header). Values are secrets.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A .NET regular expression the body must match (the first 64 KiB are read).</summary>
    public string? ExpectBody { get; set; }

    /// <summary>JSON path (<c>checks[0].ready</c>) → the value's expected text (<c>true</c>, <c>UP</c>, <c>3</c>, <c>null</c>).</summary>
    public Dictionary<string, string> ExpectJson { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Response header name (case-insensitive) → text its value must contain, ignoring case.</summary>
    public Dictionary<string, string> ExpectHeaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The proxy: <c>http://[user:pass@]proxy:3128</c>; absent, the environment's (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>,
    /// <c>NO_PROXY</c>), as in any .NET program; <c>""</c> for none. Its credentials are secrets.
    /// </summary>
    public string? Proxy { get; set; }

    /// <summary>OAuth2 client credentials: the check sends a token from <c>TokenUrl</c> as Bearer.</summary>
    public OAuth2Settings? OAuth2 { get; set; }
}
