namespace HealthGateway.Api.Security;

public static class ScopeEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires a key with <paramref name="scope"/> (one of <see cref="AccessScopes"/>) when access is configured;
    /// otherwise the endpoint answers loopback clients only (protected mode).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ScopeEndpointFilter(scope));

    /// <summary>
    /// Requires a key with <c>silences:write</c> (<see cref="SilenceWriteAccess"/>): 403 when no key is configured
    /// at all (on loopback too: a silence can open the gate), 401 without a known key, 403 without the scope.
    /// </summary>
    public static TBuilder RequireSilenceWriter<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, SilenceWriteAccess>();
}
