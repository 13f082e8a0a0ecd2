using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>
/// <c>Proxy</c> on http, websocket and grpc services through a real gateway and a real proxy on loopback: the checks
/// go through it (it saw their targets), a proxy that wants credentials gets them from the URL's user info, a wrong
/// password or a refusing proxy is said in words naming the proxy, and the proxy's password is shown nowhere.
/// The environment's HTTPS_PROXY/NO_PROXY are process-wide, so they are tested with gateway processes
/// (<see cref="CommandLine.ProxyEnvironmentProcessTests"/>).
/// </summary>
public sealed class ProxyTests(ProxyTests.Environment environment) : IClassFixture<ProxyTests.Environment>
{
    private const string Password = "Pr0xy-Passw0rd-7c1e";

    [Theory]
    [InlineData("httpViaProxy", "HTTP 200 in ")]
    [InlineData("httpsViaProxy", "HTTP 200 in ")]
    [InlineData("wsViaProxy", "WebSocket round trip in ")]
    [InlineData("grpcViaProxy", "SERVING in ")]
    [InlineData("grpcCleartextViaProxy", "SERVING in ")]
    [InlineData("httpViaAuthProxy", "HTTP 200 in ")]
    [InlineData("httpsViaAuthProxy", "HTTP 200 in ")]
    public void ACheckThroughTheProxyIsHealthy(string service, string start)
    {
        Assert.True(environment.Body.EntryStatus(service) == "Healthy", environment.Body.EntryDescription(service));
        Assert.StartsWith(start, environment.Body.EntryDescription(service));
    }

    [Fact]
    public void TheChecksWentThroughTheProxyToTheirTargets()
    {
        var targets = environment.Open.Targets;
        Assert.Contains(environment.Plain.Address(), targets);
        Assert.Contains(environment.Tls.Address(), targets);
        Assert.Contains(environment.Grpc.Address(), targets);
        Assert.Contains(environment.GrpcCleartext.Address(), targets);
        Assert.True(environment.Open.Forwarded > 0, "the http check was forwarded");
        Assert.True(environment.Open.Tunnels > 0, "the https, wss and grpc checks tunnelled");
        Assert.True(environment.Authenticating.Tunnels + environment.Authenticating.Forwarded > 0, "the checks with credentials got through");
    }

    [Fact]
    public void AServiceWithoutProxyGoesDirectly()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("httpDirect"));
        Assert.DoesNotContain(environment.Direct.Address(), environment.Open.Targets);
        Assert.DoesNotContain(environment.Direct.Address(), environment.Authenticating.Targets);
    }

    [Theory]
    [InlineData("httpWrongPassword")]
    [InlineData("httpsWrongPassword")]
    [InlineData("wsNoCredentials")]
    [InlineData("grpcNoCredentials")]
    public void AProxyThatWantsOtherCredentialsIsSaidAsSuch(string service)
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus(service));
        Assert.StartsWith($"proxy {environment.Authenticating.Address} answered 407 Proxy Authentication Required (",
            environment.Body.EntryDescription(service));
    }

    [Fact]
    public void ARefusingProxyIsSaidAsSuch()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("httpsRefusedProxy"));
        Assert.StartsWith($"proxy 127.0.0.1:{environment.RefusedPort} refused the connection (", environment.Body.EntryDescription("httpsRefusedProxy"));
    }

    [Fact]
    public async Task TheProxyPasswordAppearsNowhere()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, "httpViaAuthProxy", "httpsViaAuthProxy", "httpWrongPassword", "httpsWrongPassword");
        Assert.DoesNotContain(Password, shown);
        Assert.DoesNotContain("wrong-" + Password, shown);
    }

    [Theory]
    [InlineData("socks5://127.0.0.1:1080")]
    [InlineData("http://proxy:3128/path")]
    [InlineData("ftp://user:" + Password + "@proxy:21")]
    public async Task AProxyThatIsNoHttpProxyUrlStopsStartUpWithoutQuotingIt(string proxy)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "http", "http://127.0.0.1:1/health", fields: ("Proxy", proxy)).StartAsync());
        Assert.Contains("HealthGateway:Services:api:Proxy: is not an http:// proxy URL", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public TestCertificates Certificates { get; } = TestCertificates.Create();

        public ProxyServer Open { get; } = ProxyServer.Start();

        public ProxyServer Authenticating { get; } = ProxyServer.Start("checker", Password);

        public int RefusedPort { get; } = HealthGateway.Testing.RefusedPort.Get();

        public TargetServer Plain { get; private set; } = null!;

        public TargetServer Tls { get; private set; } = null!;

        public TargetServer Direct { get; private set; } = null!;

        public GrpcHealthServer Grpc { get; private set; } = null!;

        public GrpcHealthServer GrpcCleartext { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Own(Open);
            Own(Authenticating);
            Plain = Own(await TargetServer.StartAsync());
            Direct = Own(await TargetServer.StartAsync());
            Tls = Own(await TargetServer.StartAsync(certificate: Certificates.Valid));
            Grpc = Own(await GrpcHealthServer.StartAsync(Certificates.Valid));
            GrpcCleartext = Own(await GrpcHealthServer.StartAsync());
            var ca = ("CaCertificate", Certificates.CaCertificatePemPath);
            var open = ("Proxy", Open.Url);
            var withCredentials = $"http://checker:{Password}@{Authenticating.Address}";
            var wrongPassword = $"http://checker:wrong-{Password}@{Authenticating.Address}";
            var settings = new GatewaySettings()
                .Set("HealthGateway:DefaultTimeout", "00:00:10")
                .Service("httpViaProxy", "http", Plain.BaseUrl + "/ok", fields: open)
                .Service("httpsViaProxy", "http", Tls.BaseUrl + "/ok", fields: [ca, open])
                .Service("wsViaProxy", "websocket", Plain.WebSocketBaseUrl + "/ws/echo", fields: open)
                .Service("grpcViaProxy", "grpc", Grpc.Url, fields: [ca, open])
                .Service("grpcCleartextViaProxy", "grpc", GrpcCleartext.Url, fields: open)
                .Service("httpDirect", "http", Direct.BaseUrl + "/ok", fields: ("Proxy", ""))
                .Service("httpViaAuthProxy", "http", Plain.BaseUrl + "/ok", fields: ("Proxy", withCredentials))
                .Service("httpsViaAuthProxy", "http", Tls.BaseUrl + "/ok", fields: [ca, ("Proxy", withCredentials)])
                .Service("httpWrongPassword", "http", Plain.BaseUrl + "/ok", fields: [("Proxy", wrongPassword), ("Retries", "0")])
                .Service("httpsWrongPassword", "http", Tls.BaseUrl + "/ok", fields: [ca, ("Proxy", wrongPassword), ("Retries", "0")])
                .Service("wsNoCredentials", "websocket", Plain.WebSocketBaseUrl + "/ws/echo", fields: ("Proxy", Authenticating.Url))
                .Service("grpcNoCredentials", "grpc", Grpc.Url, fields: [ca, ("Proxy", Authenticating.Url)])
                .Service("httpsRefusedProxy", "http", Tls.BaseUrl + "/ok", fields: [ca, ("Proxy", $"http://127.0.0.1:{RefusedPort}"), ("Retries", "0")]);
            return (settings, ["httpViaProxy", "httpsViaProxy", "wsViaProxy", "grpcViaProxy", "grpcCleartextViaProxy", "httpDirect", "httpViaAuthProxy", "httpsViaAuthProxy",
                "httpWrongPassword", "httpsWrongPassword", "wsNoCredentials", "grpcNoCredentials", "httpsRefusedProxy"]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
        }
    }
}

internal static class ProxyTestTargets
{
    public static string Address(this TargetServer server) => $"127.0.0.1:{server.Port}";

    public static string Address(this GrpcHealthServer server) => $"127.0.0.1:{server.Port}";
}
