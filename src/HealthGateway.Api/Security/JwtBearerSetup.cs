using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HealthGateway.Api.Security;

/// <summary>
/// Configures the JwtBearer scheme from <c>HealthGateway:Auth:Jwt</c>. Only <c>/ws</c> authenticates with it (there
/// is no authentication middleware on other requests), so a token costs nothing anywhere else.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<AccessOptions> access) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>Browsers cannot set headers on a WebSocket, so the token may come in this query parameter (never logged).</summary>
    public const string AccessTokenQueryParameterName = "access_token";

    public void Configure(JwtBearerOptions options) => Configure(JwtBearerDefaults.AuthenticationScheme, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var jwt = access.Value.Auth.Jwt;
        var hasAuthority = !string.IsNullOrWhiteSpace(jwt.Authority);

        // Claims keep the names the token gives them: UserClaim "sub" means sub, not a mapped long URI.
        options.MapInboundClaims = false;
        options.SaveToken = false;
        options.IncludeErrorDetails = false;
        options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        if (hasAuthority)
        {
            options.Authority = jwt.Authority;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            // With an Authority and no Issuer, the handler takes the issuer from the discovery document.
            ValidateIssuer = hasAuthority || !string.IsNullOrWhiteSpace(jwt.Issuer),
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = hasAuthority ? null : jwt.SigningKeys.Select(SigningKeyLoader.Load).ToList(),
            NameClaimType = jwt.UserClaim,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (string.IsNullOrEmpty(context.Request.Headers.Authorization)
                    && context.Request.Query[AccessTokenQueryParameterName] is { Count: > 0 } token)
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
        };
    }
}
