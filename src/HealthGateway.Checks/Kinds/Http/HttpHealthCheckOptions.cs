using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary>What an <see cref="HttpHealthCheck"/> requests and accepts.</summary>
public sealed class HttpHealthCheckOptions
{
    /// <summary>The URL to GET.</summary>
    public required Uri Url { get; init; }

    /// <summary>Status codes that count as up.</summary>
    public ExpectedStatusCodes ExpectedStatusCodes { get; init; } = ExpectedStatusCodes.Default;

    /// <summary>Request headers to send.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The whole check's budget.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of transient failures (connection errors, 5xx, 408, 429) inside the budget.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Pause before a retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How an https server's certificate is judged (see <see cref="Tls.CertificateCheck"/>); null for http.</summary>
    public Tls.CertificateOptions? Certificates { get; init; }

    /// <summary>What the answer must say besides its status code; none by default.</summary>
    public HttpExpectations Expectations { get; init; } = HttpExpectations.None;

    /// <summary>How the request reaches the target: the service's proxy, none, or the environment's.</summary>
    public ProxyRoute Proxy { get; init; } = ProxyRoute.For(null);

    /// <summary>OAuth2 client credentials whose token is sent as Bearer; null sends none.</summary>
    public OAuth2Settings? OAuth2 { get; init; }

    /// <summary>The URL as it may be shown: no credentials, no query.</summary>
    public string Target => UrlTarget.Safe(Url);
}
