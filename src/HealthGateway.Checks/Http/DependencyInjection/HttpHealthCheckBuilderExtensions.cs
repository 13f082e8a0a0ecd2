using HealthGateway.Checks.Http;
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
    /// </summary>
    public static IHealthChecksBuilder AddGatewayHttp(this IHealthChecksBuilder builder, string name, HttpHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var clientName = $"healthgateway:http:{name}";
        var client = builder.Services.AddHttpClient(clientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = options.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new HttpResponseRecorder());
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
            sp => new HttpHealthCheck(options, () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName), sp.GetRequiredService<TimeProvider>(), sp.GetService<HealthGateway.Checks.Execution.SecretRedactor>()),
            failureStatus,
            tags,
            options.Timeout));
    }
}
