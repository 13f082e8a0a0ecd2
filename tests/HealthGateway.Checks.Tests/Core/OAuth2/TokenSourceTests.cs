using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Core.OAuth2;

/// <summary>
/// <see cref="TokenSource"/> against a real token endpoint on loopback, with a fake clock: a token is reused until
/// 10 % of its life (at most 60 s) before <c>expires_in</c>, then renewed; a refused token is renewed once however many
/// callers saw the refusal; the endpoint's refusal is said with its error code.
/// </summary>
public sealed class TokenSourceTests : IAsyncLifetime
{
    private const string ClientId = "checker";
    private const string Secret = "Unit-S3cret-41";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private TokenServer _server = null!;

    public async Task InitializeAsync() => _server = await TokenServer.StartAsync(ClientId, Secret);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ATokenIsReusedUntilShortlyBeforeItExpiresThenRenewed()
    {
        _server.ExpiresIn = 3600;
        using var tokens = Create(Secret);
        var first = await tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3600 - 61));
        Assert.Equal(first, await tokens.GetAsync(CancellationToken.None));
        Assert.Equal(1, _server.TokenRequests);

        // 60 s before expiry (10 % of an hour is more than the 60 s cap) it is renewed.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotEqual(first, await tokens.GetAsync(CancellationToken.None));
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task AShortLivedTokenIsRenewedAtNinetyPercentOfItsLife()
    {
        _server.ExpiresIn = 100;
        using var tokens = Create(Secret);
        var first = await tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(first, await tokens.GetAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.NotEqual(first, await tokens.GetAsync(CancellationToken.None));
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task ATokenWithoutExpiresInIsKeptUntilRefusedAndARefusalSeenTwiceRenewsOnce()
    {
        _server.ExpiresIn = null;
        using var tokens = Create(Secret);
        var first = await tokens.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(first, await tokens.GetAsync(CancellationToken.None));

        var renewed = await tokens.RenewAsync(first, CancellationToken.None);
        Assert.Equal(renewed, await tokens.RenewAsync(first, CancellationToken.None));
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task AWrongSecretIsTheEndpointsRefusalWithItsErrorCodeAndNoSecret()
    {
        using var tokens = Create("wrong-" + Secret);
        var error = await Assert.ThrowsAsync<TokenEndpointException>(() => tokens.GetAsync(CancellationToken.None).AsTask());
        Assert.Equal($"token endpoint answered 401 invalid_client ({_server.TokenUrl})", error.Message);
    }

    private TokenSource Create(string secret) => new(
        new OAuth2Settings { TokenUrl = _server.TokenUrl, ClientId = ClientId, ClientSecret = secret, Scopes = ["a", "b"] },
        ProxyRoute.For(""), _time, TimeSpan.FromSeconds(5));
}
