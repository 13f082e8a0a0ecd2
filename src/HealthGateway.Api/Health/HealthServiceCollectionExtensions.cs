namespace HealthGateway.Api.Health;

/// <summary>Registers what the health endpoints need.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>The checks, poller and snapshot store from configuration, and the readiness view.</summary>
    public static WebApplicationBuilder AddGatewayHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddGatewayChecks(builder.Configuration);
        builder.Services.AddSingleton<SilenceOverlay>();
        builder.Services.AddSingleton<ReadinessViews>();
        // Its typed results are written with the HTTP JSON options: source-generated metadata first (native build).
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJsonContext.Default));
        return builder;
    }
}
