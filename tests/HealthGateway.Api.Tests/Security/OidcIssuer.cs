using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace HealthGateway.Api.Tests.Security;

/// <summary>
/// A token issuer's OIDC discovery document and JWKS, served by a real Kestrel host on 127.0.0.1 as an identity
/// provider serves them; tokens it issues are signed by its RSA key.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OidcIssuer(WebApplication app, TestTokens tokens, string authority)
    {
        _app = app;
        Tokens = tokens;
        Authority = authority;
    }

    public TestTokens Tokens { get; }

    /// <summary>The issuer's base URL (also its <c>iss</c>).</summary>
    public string Authority { get; }

    public int DiscoveryRequests { get; private set; }

    public static async Task<OidcIssuer> StartAsync()
    {
        var tokens = TestTokens.Rs256();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OidcIssuer? issuer = null;
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            issuer!.DiscoveryRequests++;
            var discovery = new JsonObject
            {
                ["issuer"] = issuer.Authority,
                ["jwks_uri"] = issuer.Authority + "/jwks",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            };
            return Results.Text(discovery.ToJsonString(), "application/json");
        });
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(tokens.Rsa.ExportParameters(false)) { KeyId = tokens.KeyId });
            var key = new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = tokens.KeyId, ["n"] = jwk.N, ["e"] = jwk.E };
            return Results.Text(new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        issuer = new OidcIssuer(app, tokens, address.TrimEnd('/'));
        return issuer;
    }

    /// <summary>A token of this issuer for <paramref name="user"/>.</summary>
    public string Issue(string user, DateTimeOffset expires, IDictionary<string, object>? claims = null) =>
        Tokens.Issue(user, expires, Authority, TestTokens.Audience, claims);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Tokens.Dispose();
    }
}
