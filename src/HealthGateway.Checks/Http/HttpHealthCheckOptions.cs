using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Targets;

namespace HealthGateway.Checks.Http;

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

    /// <summary>The URL as it may be shown: no credentials, no query.</summary>
    public string Target => UrlTarget.Safe(Url);
}
