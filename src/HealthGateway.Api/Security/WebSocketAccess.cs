using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HealthGateway.Api.Security;

/// <summary>
/// Who may open <c>GET /ws</c>, and as which user: a key with <c>events:read-any</c> connects as the user it names;
/// a bearer token connects as the user its claim names and no one else; with nothing configured, any loopback
/// client connects as the user it names (protected mode refuses the rest).
/// </summary>
public sealed class WebSocketAccess(GatewayAccess access, IOptions<AccessOptions> options, ILogger<WebSocketAccess> logger)
{
    public async Task<WebSocketAdmission> AdmitAsync(HttpContext context, string? requestedUser)
    {
        if (GatewayAccess.PresentedKey(context.Request) is not null)
        {
            if (access.Identify(context.Request) is not { } holder)
            {
                return WebSocketAdmission.Refused(GatewayAccess.UnknownKey());
            }

            if (!holder.May(AccessScopes.EventsReadAny))
            {
                return WebSocketAdmission.Refused(GatewayAccess.MissingScope(holder, AccessScopes.EventsReadAny));
            }

            GatewayAccess.NameCaller(context, holder.Name);
            return new WebSocketAdmission(null, null, null);
        }

        if (HasBearerToken(context.Request))
        {
            return await AdmitTokenAsync(context, requestedUser);
        }

        if (access.IsConfigured)
        {
            return WebSocketAdmission.Refused(Unauthorized(options.Value.Auth.Jwt.IsConfigured
                ? "Send a bearer token (the Authorization header, or access_token for browsers), or an API key with the scope events:read-any."
                : $"Send an API key with the scope events:read-any in the {GatewayAccess.HeaderName} header or the {GatewayAccess.QueryParameterName} query parameter."));
        }

        if (!ProtectedMode.IsLoopback(context))
        {
            return WebSocketAdmission.Refused(ProtectedMode.Refusal());
        }

        GatewayAccess.NameCaller(context, GatewayAccess.LoopbackCallerName);
        return new WebSocketAdmission(null, null, null);
    }

    private async Task<WebSocketAdmission> AdmitTokenAsync(HttpContext context, string? requestedUser)
    {
        var jwt = options.Value.Auth.Jwt;
        if (!jwt.IsConfigured)
        {
            return WebSocketAdmission.Refused(Unauthorized("This gateway accepts no bearer tokens (HealthGateway:Auth:Jwt is not configured); send an API key."));
        }

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return WebSocketAdmission.Refused(DescribeFailure(result.Failure));
        }

        var user = result.Principal.FindFirst(jwt.UserClaim)?.Value;
        if (string.IsNullOrEmpty(user))
        {
            return WebSocketAdmission.Refused(Forbidden($"The token has no {jwt.UserClaim} claim to name its user."));
        }

        if (requestedUser is not null && !string.Equals(requestedUser, user, StringComparison.Ordinal))
        {
            // Said to the token's holder only, who knows whom it is for; it helps them see why.
            return WebSocketAdmission.Refused(Forbidden($"?user= names another user: the token is for {user}."));
        }

        DateTimeOffset? expires = long.TryParse(result.Principal.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp) + jwt.ClockSkew
            : null;
        GatewayAccess.NameCaller(context, "token");
        return new WebSocketAdmission(user, expires, null);
    }

    private IResult DescribeFailure(Exception? failure)
    {
        switch (failure)
        {
            case SecurityTokenExpiredException:
                return Unauthorized("The token has expired.");
            case SecurityTokenNotYetValidException:
                return Unauthorized("The token is not valid yet.");
            case InvalidOperationException when failure.Message.Contains("IDX20803", StringComparison.Ordinal):
                // The issuer's discovery document or JWKS could not be read: not the client's fault.
                logger.LogWarning("Bearer tokens cannot be checked: the discovery document of {Authority} could not be read", options.Value.Auth.Jwt.Authority);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Token issuer unreachable",
                    detail: "The token issuer's discovery document could not be read; try again later.");
            default:
                return Unauthorized("The token is not valid here (signature, issuer or audience).");
        }
    }

    internal static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || request.Query[JwtBearerSetup.AccessTokenQueryParameterName].Count > 0;

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated", detail: detail);

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
