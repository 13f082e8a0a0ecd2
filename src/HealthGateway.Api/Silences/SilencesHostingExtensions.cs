using HealthGateway.Api.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Silences;

/// <summary>Registers silences: in Redis when the backplane is configured, in this process otherwise.</summary>
public static class SilencesHostingExtensions
{
    /// <summary>The configuration key of the backplane's Redis connection string.</summary>
    public const string RedisConfigurationKey = "HealthGateway:Backplane:Redis";

    /// <summary>The store, the in-force view and, with Redis, the refresher that keeps replicas in step.</summary>
    public static WebApplicationBuilder AddSilences(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ActiveSilences>();

        // Who may write silences (RequireSilenceWriter).
        builder.AddGatewayAccess();
        services.AddOptions<SilenceOptions>().BindConfiguration(SilenceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SilenceOptions>, SilenceOptionsValidator>());
        // Its typed results are written with the HTTP JSON options: source-generated metadata first (native build).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SilenceJsonContext.Default));
        // The backplane's Redis: silences go where the replicas already meet.
        var redis = builder.Configuration[RedisConfigurationKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ISilenceStore, InMemorySilenceStore>();
            return builder;
        }

        // The connection string is validated (and named in the error) by the backplane's own options validation.
        services.AddSingleton<ISilenceStore>(sp =>
            new RedisSilenceStore(redis, sp.GetRequiredService<ActiveSilences>()));
        services.AddHostedService<SilenceRefresher>();
        return builder;
    }
}
