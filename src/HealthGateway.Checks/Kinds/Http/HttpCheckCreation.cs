using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary>
/// Builds one <c>http</c> service's check and the handler chain it owns, without a container: the response recorder,
/// the Bearer token (with <c>OAuth2</c>), a Polly retry for transient failures, and one <see cref="SocketsHttpHandler"/>
/// whose connect timeout sits inside the budget. No request logging: URLs may hold secrets.
/// </summary>
internal static class HttpCheckCreation
{
    /// <summary>
    /// The check of <paramref name="options"/>. It owns its handler chain (and so its pooled connections) and its token
    /// source; disposing the result closes them at once. With <see cref="HttpHealthCheckOptions.Certificates"/> the
    /// handler's certificate validation goes through one <see cref="CertificateInspector"/>, and the check reports its verdict.
    /// </summary>
    public static OwnedCheck Create(HttpHealthCheckOptions options, CheckServices services)
    {
        var inspector = options.Certificates is { } certificates ? new CertificateInspector(certificates, services.Time) : null;

        // One handler for the service's life; PooledConnectionLifetime still renews connections (and so DNS) every minute.
        var primary = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        options.Proxy.Apply(primary);
        inspector?.Apply(primary.SslOptions);

        // Built inside out, in the order the IHttpClientFactory client had: the recorder sees the final answer after retries, and
        // the token is added once, before them.
        HttpMessageHandler chain = options.Retries > 0 ? new ResilienceHandler(Retry(options, services)) { InnerHandler = primary } : primary;
        TokenSource? tokens = null;
        if (options.OAuth2 is { } oauth2)
        {
            // One token source per service, so the token is cached across checks.
            tokens = new TokenSource(oauth2, options.Proxy, services.Time, options.Timeout);
            chain = new BearerTokenHandler(tokens) { InnerHandler = chain };
        }

        var recorder = new HttpResponseRecorder { InnerHandler = chain };
        IHealthCheck check = new HttpHealthCheck(options, () => new HttpClient(recorder, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            services.Time, services.Redactor);
        if (inspector is not null)
        {
            check = new CertificateCheck(check, inspector, options.Target);
        }

        // Disposing the recorder disposes the chain under it, down to the sockets.
        return new OwnedCheck(check, tokens, recorder);
    }

    // The standard transient set: connection errors, 5xx, 408 and 429. The runner's deadline cancels a pending retry,
    // so retries never stretch the budget. A pipeline keeps no state of a request: one per retry setting serves every
    // service (one each cost about 0.4 KB per service).
    private static ResiliencePipeline<HttpResponseMessage> Retry(HttpHealthCheckOptions options, CheckServices services) =>
        services.Reuse((Kind: "http-retry", options.Retries, options.RetryDelay), settings => new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = services.Time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.Retries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldRetryAfterHeader = false,
            })
            .Build());
}
