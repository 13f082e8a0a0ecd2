using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HealthGateway.Api.Alerts;

/// <summary>Registers webhook alerts on state transitions.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (on start) <c>HealthGateway:Webhooks</c> and the delivery settings, and registers the
    /// dispatcher as a transition sink and a background service, with an HttpClient that retries transient
    /// failures (Polly, via Microsoft.Extensions.Http.Resilience) and logs nothing by itself: its default logging
    /// would write the URL.
    /// </summary>
    public static WebApplicationBuilder AddGatewayAlerts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)

            // A redirect would turn the POST into a GET that may "succeed", and carry custom secret headers to
            // another host: a webhook URL is used as configured or fails.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<AlertOptions>>().Value;
                if (options.WebhookRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.WebhookRetries,
                        Delay = options.WebhookRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,

                        // A receiver's Retry-After is honoured, up to this: a queue stalled for an hour helps nobody.
                        MaxDelay = TimeSpan.FromSeconds(30),
                    });
                }

                pipeline.AddTimeout(options.WebhookTimeout);
            });
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<IStateTransitionSink>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return builder;
    }
}
