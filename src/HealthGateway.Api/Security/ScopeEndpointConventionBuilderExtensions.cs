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
}
