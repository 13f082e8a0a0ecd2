using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Security;

/// <summary>A /ws connection belongs to the user its bearer token names: checked by the real gateway on a real port.</summary>
public sealed class JwtWebSocketTests
{
    private const string ProducerKey = "producer-key-7f3a91c2d4";
    private const string SecretClaimValue = "alice.private@example.test";

    [Fact]
    public async Task ASocketOpenedWithATokenFromTheOidcIssuerReceivesItsUsersEventsAndNoOneElses()
    {
        await using var issuer = await OidcIssuer.StartAsync();
        await using var gateway = await Settings()
            .Set("HealthGateway:Auth:Jwt:Authority", issuer.Authority)
            .Set("HealthGateway:Auth:Jwt:RequireHttpsMetadata", "false")
            .Set("HealthGateway:Auth:Jwt:Audience", TestTokens.Audience)
            .StartAsync();
        var token = issuer.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5));

        await using var alice = await AccessRequests.OpenAsync(gateway, "/ws", "alice",
            options => options.SetRequestHeader("Authorization", "Bearer " + token));
        Assert.Equal(HttpStatusCode.Accepted, (await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "bob", ProducerKey, "run-bob")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", ProducerKey, "run-alice")).Status);

        // Bob's event went nowhere near alice's socket: the first thing she receives is her own.
        var received = await alice.ReceiveEventAsync();
        Assert.Equal(("alice", "run-alice"), (received.User, received.RunId));
        Assert.True(issuer.DiscoveryRequests > 0);
    }

    [Fact]
    public async Task ATokenInTheAccessTokenQueryParameterConnectsAndNoTokenKeyOrClaimValueIsLogged()
    {
        // Every span any source in this process records while the test runs (other tests' spans only add noise).
        var spans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue($"{activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))} {activity.StatusDescription}"),
        };
        ActivitySource.AddActivityListener(listener);
        using var tokens = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens)
            .Set("Serilog:MinimumLevel:Override:Microsoft", "Debug")
            .Set("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Debug")
            .StartAsync();
        var token = tokens.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5), claims: new Dictionary<string, object> { ["email"] = SecretClaimValue });
        var expired = tokens.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(-5), claims: new Dictionary<string, object> { ["email"] = SecretClaimValue });

        await using (var alice = await AccessRequests.OpenAsync(gateway, $"/ws?access_token={token}", "alice"))
        {
            await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", ProducerKey);
            Assert.Equal("alice", (await alice.ReceiveEventAsync()).User);
        }

        var refusals = new[]
        {
            await AccessRequests.UpgradeAsync(gateway.BaseUrl, $"/ws?user=bob&access_token={token}"),
            await AccessRequests.UpgradeAsync(gateway.BaseUrl, $"/ws?access_token={expired}"),
            await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws?user=alice", ("Authorization", "Bearer " + token[..^4] + "AAAA")),
        };

        var leaks = new[] { token, expired, token.Split('.')[2], ProducerKey, SecretClaimValue, tokens.SigningKeyEntry![7..] };
        await Eventually.ReturnsAsync(() => Task.FromResult(gateway.Logs.RenderedLines().Count(line => line.Contains("WebSocket connection", StringComparison.Ordinal))), n => n >= 2, "the socket's open and end lines");
        var lines = gateway.Logs.RenderedLines().ToList();
        lines.AddRange(spans);
        lines.Add(await gateway.Client.GetStringAsync("/metrics"));
        Assert.Contains(lines, line => line.Contains("Caller=\"producer\"", StringComparison.Ordinal));
        Assert.NotEmpty(spans);
        foreach (var secret in leaks)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(refusals, refusal => refusal.Body.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AUserQueryNamingSomeoneElseIsRefusedWith403ThatSaysWhomTheTokenIsFor()
    {
        using var tokens = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens).StartAsync();
        var token = tokens.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5));

        var (status, body) = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws?user=bob", ("Authorization", "Bearer " + token));

        Assert.Equal(403, status);
        Assert.Contains("the token is for alice", body, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Services.GetRequiredService<HealthGateway.Api.Notifications.WebSocketNotificationManager>().TotalConnectionCount);
    }

    [Fact]
    public async Task NoTokenIsRefusedWith401()
    {
        using var tokens = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens).StartAsync();

        var (status, body) = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws?user=alice");

        Assert.Equal(401, status);
        Assert.Contains("bearer token", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWith401AtTheUpgrade()
    {
        using var tokens = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens).StartAsync();
        var token = tokens.Issue("alice", DateTimeOffset.UtcNow.AddSeconds(-30));

        var (status, body) = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws", ("Authorization", "Bearer " + token));

        Assert.Equal(401, status);
        Assert.Contains("expired", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenSignedByAnotherKeyOrForAnotherAudienceIsRefusedWith401()
    {
        using var tokens = TestTokens.Hmac();
        using var stranger = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens).StartAsync();

        var forged = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws", ("Authorization", "Bearer " + stranger.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5))));
        var elsewhere = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws", ("Authorization", "Bearer " + tokens.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5), audience: "billing")));

        Assert.Equal((401, 401), (forged.Status, elsewhere.Status));
    }

    [Fact]
    public async Task ASocketWhoseTokenExpiresWhileItIsOpenIsClosedWith1008AtExpiry()
    {
        using var tokens = TestTokens.Hmac();
        await using var gateway = await HmacGateway(tokens).StartAsync();

        // Long enough to connect on a loaded machine; the close is what is tested, not when to the millisecond.
        var token = tokens.Issue("alice", DateTimeOffset.UtcNow.AddSeconds(8));
        await using var alice = await AccessRequests.OpenAsync(gateway, "/ws?user=alice", "alice",
            options => options.SetRequestHeader("Authorization", "Bearer " + token));

        var (status, description) = await alice.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("token expired", description);
    }

    [Fact]
    public async Task APemPublicKeyFileVerifiesTheIssuersRs256Tokens()
    {
        using var tokens = TestTokens.Rs256();
        var pem = Path.Combine(Path.GetTempPath(), $"hg-issuer-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, tokens.Rsa.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var gateway = await Settings()
                .Set("HealthGateway:Auth:Jwt:SigningKeys:0", pem)
                .Set("HealthGateway:Auth:Jwt:Issuer", TestTokens.Issuer)
                .Set("HealthGateway:Auth:Jwt:Audience", TestTokens.Audience)
                .StartAsync();

            await using var alice = await AccessRequests.OpenAsync(gateway, "/ws", "alice",
                options => options.SetRequestHeader("Authorization", "Bearer " + tokens.Issue("alice", DateTimeOffset.UtcNow.AddMinutes(5))));
            await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", ProducerKey);
            Assert.Equal("alice", (await alice.ReceiveEventAsync()).User);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Theory]
    [InlineData("base64:c2hvcnQ=", "HealthGateway:Auth:Jwt:SigningKeys:0: an HMAC-SHA256 key must be at least 32 bytes (got 5)")]
    [InlineData("/nonexistent/issuer.pem", "HealthGateway:Auth:Jwt:SigningKeys:0: cannot read the PEM file '/nonexistent/issuer.pem'")]
    public async Task AnUnusableSigningKeyStopsTheStartWithOneLineThatNamesTheEntry(string entry, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Settings()
            .Set("HealthGateway:Auth:Jwt:SigningKeys:0", entry)
            .Set("HealthGateway:Auth:Jwt:Audience", TestTokens.Audience)
            .StartAsync());

        Assert.Contains(expected, StartupErrors.Describe(error), StringComparison.Ordinal);
    }

    private static GatewaySettings Settings() => new GatewaySettings()
        .Set("HealthGateway:ApiKeys:0:Name", "producer")
        .Set("HealthGateway:ApiKeys:0:Key", ProducerKey)
        .Set("HealthGateway:ApiKeys:0:Scopes:0", "events:write");

    private static GatewaySettings HmacGateway(TestTokens tokens) => Settings()
        .Set("HealthGateway:Auth:Jwt:SigningKeys:0", tokens.SigningKeyEntry)
        .Set("HealthGateway:Auth:Jwt:Issuer", TestTokens.Issuer)
        .Set("HealthGateway:Auth:Jwt:Audience", TestTokens.Audience);
}
