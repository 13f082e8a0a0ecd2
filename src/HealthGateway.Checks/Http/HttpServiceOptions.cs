namespace HealthGateway.Checks.Http;

/// <summary>The settings of an <c>http</c> service, besides the common ones: <c>HealthGateway:Services:&lt;name&gt;:…</c>.</summary>
public sealed class HttpServiceOptions
{
    /// <summary>The http or https URL to GET.</summary>
    public string? Url { get; set; }

    /// <summary>The status codes that count as up, e.g. <c>200-299</c> or <c>200,204,401</c>. Default 200-299.</summary>
    public string? ExpectedStatusCodes { get; set; }

    /// <summary>Request headers to send (for example an Authorization header). Values are secrets.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
