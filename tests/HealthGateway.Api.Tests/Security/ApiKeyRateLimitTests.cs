using System.Net;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Security;

public sealed class ApiKeyRateLimitTests
{
    [Fact]
    public async Task RequestsWithoutTheKeyDoNotUseUpTheDiagnosticsPermitsOfThoseWhoHoldIt()
    {
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:ApiKey", "diag-key-123")
            .Set("HealthGateway:Notifications:DiagnosticsPermitLimit", "2")
            .Set("HealthGateway:Notifications:DiagnosticsWindow", "00:01:00")
            .StartAsync();

        var anonymous = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.PostAsync("/diagnostics/notifier?timeout=5", null);
            anonymous.Add(response.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/diagnostics/notifier?timeout=5");
        request.Headers.Add("X-Api-Key", "diag-key-123");
        using var authorized = await gateway.Client.SendAsync(request);

        Assert.Contains(HttpStatusCode.Unauthorized, anonymous);
        Assert.DoesNotContain(HttpStatusCode.OK, anonymous);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }
}
