namespace HealthGateway.Api.Security;

/// <summary>
/// The one place that decides whether a request may create or end a silence. A silence can open the readiness gate
/// (<c>gate: false</c>), so writing one needs the API key; with no key configured the write API is off rather than
/// open to anyone who can reach the port. Apply it with <c>RequireSilenceWriter()</c>; reading silences stays open.
/// </summary>
public sealed class SilenceWriteAccess(IConfiguration configuration) : IEndpointFilter
{
    /// <summary>The one line a 403 says: how to turn the silence write API on.</summary>
    public const string TurnedOff =
        $"the silence API is off: no API key is configured; set {ApiKeyEndpointFilter.ConfigurationKey} to turn it on, then send the key in the {ApiKeyEndpointFilter.HeaderName} header";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Decide(context.HttpContext.Request, configuration) switch
        {
            SilenceWriteDecision.Allowed => await next(context),
            SilenceWriteDecision.TurnedOff => TypedResults.Problem(TurnedOff, statusCode: StatusCodes.Status403Forbidden, title: "Silence API off"),
            _ => TypedResults.Problem(
                $"Send the gateway's API key in the {ApiKeyEndpointFilter.HeaderName} header or the {ApiKeyEndpointFilter.QueryParameterName} query parameter.",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required"),
        };

    /// <summary>Whether <paramref name="request"/> may write silences under <paramref name="configuration"/> (read per request: a reload applies at once).</summary>
    public static SilenceWriteDecision Decide(HttpRequest request, IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration[ApiKeyEndpointFilter.ConfigurationKey]) ? SilenceWriteDecision.TurnedOff
        : ApiKeyEndpointFilter.IsAuthorized(request, configuration) ? SilenceWriteDecision.Allowed
        : SilenceWriteDecision.Unauthorized;
}
