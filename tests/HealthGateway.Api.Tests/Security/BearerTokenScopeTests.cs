using System.Net;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Security;

/// <summary>
/// Only <c>/ws</c> authenticates bearer tokens. ASP.NET Core would otherwise make the one registered scheme the
/// default and validate a token on every request (the issuer contacted, a handler allocated per request and held for
/// the life of each WebSocket), which is what this proves does not happen.
/// </summary>
public sealed class BearerTokenScopeTests
{
    [Fact]
    public async Task ATokenSentToAnotherEndpointIsNotCheckedThereAndTheIssuerIsNotContacted()
    {
        await using var issuer = await OidcIssuer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:Auth:Jwt:Authority", issuer.Authority)
            .Set("HealthGateway:Auth:Jwt:RequireHttpsMetadata", "false")
            .Set("HealthGateway:Auth:Jwt:Audience", TestTokens.Audience)
            .StartAsync();
        var token = issuer.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5));

        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics", "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await gateway.Client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Each request above was answered: had the handler run, the discovery document was fetched before the answer.
        Assert.Equal(0, issuer.DiscoveryRequests);
    }
}
