namespace HealthGateway.Api.Security;

/// <summary>
/// The one place that decides whether a request may create or end a silence. A silence can open the readiness gate
/// (<c>gate: false</c>), so writing one needs a key with <c>silences:write</c>; with no key configured at all the
/// write API is off, on loopback too, rather than open to anyone who can reach the port (stricter than protected
/// mode). Apply it with <c>RequireSilenceWriter()</c>; reading silences stays open.
/// </summary>
public sealed class SilenceWriteAccess(ApiKeyRing keys) : IEndpointFilter
{
    /// <summary>The one line a 403 says: how to turn the silence write API on.</summary>
    public const string TurnedOff =
        $"the silence API is off: no API key is configured; set HealthGateway:ApiKey to turn it on (or add a key with the scope {AccessScopes.SilencesWrite} to HealthGateway:ApiKeys), then send the key in the {GatewayAccess.HeaderName} header";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var holder = GatewayAccess.PresentedKey(request) is { } presented ? keys.Find(presented) : null;
        return Decide(holder) switch
        {
            SilenceWriteDecision.Allowed => await Allow(context, holder!, next),
            SilenceWriteDecision.TurnedOff => TypedResults.Problem(TurnedOff, statusCode: StatusCodes.Status403Forbidden, title: "Silence API off"),
            SilenceWriteDecision.MissingScope => GatewayAccess.MissingScope(holder!, AccessScopes.SilencesWrite),
            _ => TypedResults.Problem(
                $"Send a key with the scope {AccessScopes.SilencesWrite} in the {GatewayAccess.HeaderName} header or the {GatewayAccess.QueryParameterName} query parameter.",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required"),
        };
    }

    /// <summary>What a request that presented <paramref name="holder"/>'s key (or none that matched) may do.</summary>
    private SilenceWriteDecision Decide(ApiKeyHolder? holder) =>
        !keys.HasConfiguredKeys ? SilenceWriteDecision.TurnedOff
        : holder is null || holder.Name == ApiKeyRing.ProbeKeyName ? SilenceWriteDecision.Unauthorized
        : holder.May(AccessScopes.SilencesWrite) ? SilenceWriteDecision.Allowed
        : SilenceWriteDecision.MissingScope;

    private static async ValueTask<object?> Allow(EndpointFilterInvocationContext context, ApiKeyHolder holder, EndpointFilterDelegate next)
    {
        GatewayAccess.NameCaller(context.HttpContext, holder.Name);
        return await next(context);
    }
}
