namespace HealthGateway.Api.Security;

public static class ApiKeyEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires <c>HealthGateway:ApiKey</c> (when one is configured) on an endpoint or a whole group; 401 otherwise.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ApiKeyEndpointFilter>();

    /// <summary>
    /// Requires a key that may write silences (<see cref="SilenceWriteAccess"/>): 403 when no key is configured, 401
    /// when the request lacks it.
    /// </summary>
    public static TBuilder RequireSilenceWriter<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, SilenceWriteAccess>();
}
