using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>
/// <c>OAuth2</c> client credentials on http, websocket and grpc services through a real gateway polling every 200 ms
/// and real token endpoints on loopback Kestrel hosts that count their requests: the token is cached (many checks,
/// one token request per service), renewed when it expires, renewed exactly once when the target refuses it, a token
/// endpoint's refusal is said as such, and neither the client secret nor a token is shown anywhere.
/// </summary>
public sealed class OAuth2Tests(OAuth2Tests.Environment environment) : IClassFixture<OAuth2Tests.Environment>
{
    private const string ClientId = "gateway-checker";
    private const string Secret = "S3cret-0Auth-Client-9f2d";

    private static readonly (string Service, string Path)[] s_kinds =
        [("http", "/protected"), ("websocket", "/ws"), ("grpc", "/grpc.health.v1.Health/Check")];

    [Fact]
    public async Task ManyChecksCostNoMoreTokenRequestsAndSendTheScopes()
    {
        await Eventually.TrueAsync(() => s_kinds.All(kind => environment.Cached.Hits(kind.Path) >= 1), "each service is checked with a token");
        var requests = environment.Cached.TokenRequests;
        var hits = s_kinds.Select(kind => environment.Cached.Hits(kind.Path)).ToList();
        await Eventually.TrueAsync(() => s_kinds.Select((kind, i) => environment.Cached.Hits(kind.Path) >= hits[i] + 5).All(more => more),
            "each service is checked five more times");
        var body = await environment.ReadyAsync();
        foreach (var (service, _) in s_kinds)
        {
            Assert.Equal("Healthy", body.EntryStatus($"{service}Cached"));
        }

        // One per service, or a little more when a first check on a cold machine gave up during its token request.
        Assert.InRange(requests, 3, 6);
        Assert.Equal(requests, environment.Cached.TokenRequests);
        Assert.Equal("health.read metrics", environment.Cached.LastScope);
    }

    [Fact]
    public async Task AnExpiringTokenIsRenewedBeforeItExpires()
    {
        // expires_in is 1 s: renewed after 0.9 s, so with a check every 200 ms the count keeps rising.
        await Eventually.TrueAsync(() => environment.Expiring.TokenRequests >= 3, "the expiring token is renewed");
        Assert.Equal("Healthy", (await environment.ReadyAsync()).EntryStatus("httpExpiring"));
    }

    [Fact]
    public async Task ATokenTheTargetRefusesIsRenewedExactlyOnce()
    {
        foreach (var (service, path) in s_kinds)
        {
            var server = environment.Revoked[service];
            await Eventually.TrueAsync(() => server.Hits(path) >= 2, $"{service} is checked with its first token");
            Assert.Equal(1, server.TokenRequests);
            server.RevokeAll();
            var hits = server.Hits(path);
            await Eventually.TrueAsync(() => server.Hits(path) >= hits + 3, $"{service} is checked three more times with a new token");
            Assert.Equal(2, server.TokenRequests);
            Assert.Equal("Healthy", (await environment.ReadyAsync()).EntryStatus($"{service}Revoked"));
        }
    }

    [Theory]
    [InlineData("http")]
    [InlineData("websocket")]
    [InlineData("grpc")]
    public async Task ATokenEndpointThatRefusesTheClientIsSaidAsSuch(string service)
    {
        var body = await environment.ReadyAsync();
        Assert.Equal("Unhealthy", body.EntryStatus($"{service}WrongSecret"));
        Assert.Equal($"token endpoint answered 401 invalid_client ({environment.Refusing.TokenUrl})", body.EntryDescription($"{service}WrongSecret"));
    }

    [Fact]
    public async Task AnUnreachableTokenEndpointIsSaidAsSuch()
    {
        var body = await environment.ReadyAsync();
        Assert.Equal("Unhealthy", body.EntryStatus("httpNoEndpoint"));
        Assert.StartsWith("token endpoint unreachable: connection refused", body.EntryDescription("httpNoEndpoint"));
    }

    [Fact]
    public async Task NeitherTheSecretNorATokenAppearsAnywhere()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, [.. environment.Services]);
        Assert.DoesNotContain(Secret, shown);
        Assert.DoesNotContain("wrong-" + Secret, shown);
        var tokens = environment.Cached.Tokens.Concat(environment.Expiring.Tokens).Concat(environment.Revoked.Values.SelectMany(s => s.Tokens)).ToList();
        Assert.NotEmpty(tokens);
        Assert.All(tokens, token => Assert.DoesNotContain(token, shown));
    }

    [Fact]
    public async Task AMissingClientSecretStopsStartUpNamingTheField()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "http", "http://127.0.0.1:1/health", fields: [("OAuth2:TokenUrl", "http://127.0.0.1:1/token"), ("OAuth2:ClientId", ClientId)])
            .StartAsync());
        Assert.Contains("HealthGateway:Services:api:OAuth2:ClientSecret: missing", error.Message);
    }

    public sealed class Environment : IAsyncLifetime
    {
        private readonly List<IAsyncDisposable> _servers = [];
        private GatewayHost? _gateway;

        public TokenServer Cached { get; private set; } = null!;

        public TokenServer Expiring { get; private set; } = null!;

        /// <summary>The endpoint the services with a wrong secret ask: they ask at every check, as nothing is cached.</summary>
        public TokenServer Refusing { get; private set; } = null!;

        public Dictionary<string, TokenServer> Revoked { get; } = [];

        public List<string> Services { get; } = [];

        public GatewayHost Gateway => _gateway!;

        public async Task InitializeAsync()
        {
            Cached = await StartAsync();
            Expiring = await StartAsync();
            Expiring.ExpiresIn = 1;
            Refusing = await StartAsync();
            var settings = new GatewaySettings().Set("HealthGateway:DefaultTimeout", "00:00:05");
            foreach (var (kind, _) in s_kinds)
            {
                Revoked[kind] = await StartAsync();
                Add(settings, $"{kind}Cached", kind, Cached, Secret, ("OAuth2:Scopes:0", "health.read"), ("OAuth2:Scopes:1", "metrics"));
                Add(settings, $"{kind}Revoked", kind, Revoked[kind], Secret);
                Add(settings, $"{kind}WrongSecret", kind, Refusing, "wrong-" + Secret);
            }

            Add(settings, "httpExpiring", "http", Expiring, Secret);
            Add(settings, "httpNoEndpoint", "http", Cached, Secret, ("OAuth2:TokenUrl", $"http://127.0.0.1:{RefusedPort.Get()}/token"));
            _gateway = await settings.StartAsync();
            await ReadyAsync();
        }

        /// <summary>The readiness body once every service has a result.</summary>
        public Task<System.Text.Json.JsonElement> ReadyAsync() => Gateway.WaitForReadinessAsync(body => body.HasEntries([.. Services]));

        public async Task DisposeAsync()
        {
            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }

            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }

        private async Task<TokenServer> StartAsync()
        {
            var server = await TokenServer.StartAsync(ClientId, Secret);
            _servers.Add(server);
            return server;
        }

        private void Add(GatewaySettings settings, string name, string kind, TokenServer server, string secret, params (string, string)[] more)
        {
            var target = kind switch
            {
                "http" => server.BaseUrl + "/protected",
                "websocket" => server.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws",
                _ => server.GrpcUrl,
            };
            settings.Service(name, kind, target, fields: [("OAuth2:TokenUrl", server.TokenUrl), ("OAuth2:ClientId", ClientId),
                ("OAuth2:ClientSecret", secret), .. more]);
            Services.Add(name);
        }
    }
}
