using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Kinds.Http;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="HttpHealthCheck"/>s.</summary>
public static class HttpHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds an HTTP check named <paramref name="name"/> with its own named HttpClient: a connect timeout
    /// inside the budget, a Polly retry for transient failures, and no request logging (URLs may hold secrets).
    /// With <see cref="HttpHealthCheckOptions.Certificates"/> the handler's certificate validation goes through one
    /// <see cref="CertificateInspector"/> per service, and the check reports its verdict.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayHttp(this IHealthChecksBuilder builder, string name, HttpHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var clientName = $"healthgateway:http:{name}";
        var inspectorKey = $"healthgateway:http:{name}:certificate";
        if (options.Certificates is { } certificates)
        {
            builder.Services.AddKeyedSingleton(inspectorKey, (sp, _) => new CertificateInspector(certificates, sp.GetRequiredService<TimeProvider>()));
        }

        // The container disposes the owner (built by a factory, not given as an instance), and the owner the handler.
        var ownerKey = $"healthgateway:http:{name}:handlers";
        builder.Services.AddKeyedSingleton(ownerKey, (_, _) => new HttpHandlerOwner());
        var client = builder.Services.AddHttpClient(clientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            // One handler for the service's life, no expiry timer: the factory's timer would hold the handler, its
            // sockets and this service's container for minutes after a reload removed it. PooledConnectionLifetime
            // still renews connections (and so DNS) every minute.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = new SocketsHttpHandler
                {
                    ConnectTimeout = options.Timeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                    AllowAutoRedirect = false,
                    UseCookies = false,
                };
                options.Proxy.Apply(handler);
                if (options.Certificates is not null)
                {
                    sp.GetRequiredKeyedService<CertificateInspector>(inspectorKey).Apply(handler.SslOptions);
                }

                return sp.GetRequiredKeyedService<HttpHandlerOwner>(ownerKey).Own(handler);
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new HttpResponseRecorder());
        if (options.OAuth2 is { } oauth2)
        {
            // One token source per service, disposed with its container, so the token is cached across checks.
            var tokensKey = $"healthgateway:http:{name}:oauth2";
            builder.Services.AddKeyedSingleton(tokensKey, (sp, _) => new TokenSource(oauth2, options.Proxy, sp.GetRequiredService<TimeProvider>(), options.Timeout));
            client.AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredKeyedService<TokenSource>(tokensKey)));
        }

        if (options.Retries > 0)
        {
            // The standard transient set: connection errors, 5xx, 408 and 429. The runner's deadline cancels a
            // pending retry, so retries never stretch the budget.
            client.AddResilienceHandler("retry", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldRetryAfterHeader = false,
            }));

        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp =>
            {
                IHealthCheck check = new HttpHealthCheck(options, () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName),
                    sp.GetRequiredService<TimeProvider>(), sp.GetService<HealthGateway.Checks.Core.Secrets.SecretRedactor>());
                return options.Certificates is null
                    ? check
                    : new CertificateCheck(check, sp.GetRequiredKeyedService<CertificateInspector>(inspectorKey), options.Target);
            },
            failureStatus,
            tags,
            options.Timeout));
    }
}
