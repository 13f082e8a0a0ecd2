using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Tls;

/// <summary>
/// Client certificates (mutual TLS) through a real gateway: https, wss and tcp with <c>Tls: true</c> against real
/// TLS servers that require a client certificate issued by the test CA. With <c>ClientCertificate</c> and
/// <c>ClientKey</c> the check is Healthy; without, it says the server asked for one and none is configured.
/// </summary>
public sealed class ClientCertificateTests(ClientCertificateTests.Environment environment) : IClassFixture<ClientCertificateTests.Environment>
{
    private const string NoClientCertificate = "the server asked for a client certificate and none is configured";

    [Theory]
    [InlineData("httpsWithCertificate", "HTTP 200 in ")]
    [InlineData("wssWithCertificate", "")]
    [InlineData("tcpWithCertificate", "TLS handshake in ")]
    public void WithTheClientCertificateTheCheckIsHealthy(string service, string start)
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus(service));
        Assert.StartsWith(start, environment.Body.EntryDescription(service));
    }

    [Theory]
    [InlineData("httpsWithout")]
    [InlineData("wssWithout")]
    [InlineData("tcpWithout")]
    public void WithoutOneTheCheckSaysTheServerAskedForIt(string service)
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus(service));
        Assert.StartsWith(NoClientCertificate + " (", environment.Body.EntryDescription(service));
    }

    [Fact]
    public void TheServersSawTheClientCertificateOnlyFromTheChecksThatHaveOne()
    {
        Assert.True(environment.TcpWith.Handshakes > 0);
        Assert.Equal(0, environment.TcpWithout.Handshakes);
    }

    [Fact]
    public void AServerThatAsksForNoCertificateStaysHealthyWithOneConfigured()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("httpsNotAsked"));
    }

    [Fact]
    public async Task AMissingClientCertificateFileStopsStartUpNamingServiceAndField()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "http", "https://127.0.0.1:1/health", fields: ("ClientCertificate", "/nonexistent/client.pem")).StartAsync());
        Assert.Contains("HealthGateway:Services:api:ClientCertificate: file '/nonexistent/client.pem' does not exist", error.Message);
    }

    [Fact]
    public async Task AKeyThatDoesNotMatchTheCertificateStopsStartUpNamingClientKey()
    {
        var other = environment.Certificates.WriteClientCertificate("other-client");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("broker", "tcp", "tcp://127.0.0.1:1", fields: [("Tls", "true"), ("ClientCertificate", environment.Client.CertificatePath),
                ("ClientKey", other.KeyPath)]).StartAsync());
        Assert.Contains("HealthGateway:Services:broker:ClientKey: file ", error.Message);
        Assert.Contains("the private key does not match the certificate in ClientCertificate", error.Message);
    }

    [Fact]
    public async Task AKeyFileWithoutAKeyStopsStartUpNamingClientKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("feed", "websocket", "wss://127.0.0.1:1/ws", fields: [("ClientCertificate", environment.Client.CertificatePath),
                ("ClientKey", environment.Client.CertificatePath)]).StartAsync());
        Assert.Contains("HealthGateway:Services:feed:ClientKey: file ", error.Message);
        Assert.Contains("holds no unencrypted PEM private key", error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public TestCertificates Certificates { get; } = TestCertificates.Create();

        public (string CertificatePath, string KeyPath) Client { get; private set; }

        public TlsTcpServer TcpWith { get; private set; } = null!;

        public TlsTcpServer TcpWithout { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var ca = Certificates.CaCertificatePemPath;
            Client = Certificates.WriteClientCertificate("client");
            var mutual = Own(await TargetServer.StartAsync(certificate: Certificates.Valid, clientCa: Certificates));
            var plain = Own(await TargetServer.StartAsync(certificate: Certificates.Valid));
            TcpWith = Own(TlsTcpServer.Start(Certificates.Valid, Certificates));
            TcpWithout = Own(TlsTcpServer.Start(Certificates.Valid, Certificates));
            (string, string)[] withCertificate = [("CaCertificate", ca), ("ClientCertificate", Client.CertificatePath), ("ClientKey", Client.KeyPath)];
            var settings = new GatewaySettings()
                .Set("HealthGateway:DefaultTimeout", "00:00:15")
                .Service("httpsWithCertificate", "http", mutual.BaseUrl + "/ok", fields: withCertificate)
                .Service("httpsWithout", "http", mutual.BaseUrl + "/ok", fields: ("CaCertificate", ca))
                .Service("httpsNotAsked", "http", plain.BaseUrl + "/ok", fields: withCertificate)
                .Service("wssWithCertificate", "websocket", mutual.WebSocketBaseUrl + "/ws/echo", fields: withCertificate)
                .Service("wssWithout", "websocket", mutual.WebSocketBaseUrl + "/ws/echo", fields: ("CaCertificate", ca))
                .Service("tcpWithCertificate", "tcp", $"tcp://{TcpWith.Target}", fields: [("Tls", "true"), .. withCertificate])
                .Service("tcpWithout", "tcp", $"tcp://{TcpWithout.Target}", fields: [("Tls", "true"), ("CaCertificate", ca)]);
            return (settings, ["httpsWithCertificate", "httpsWithout", "httpsNotAsked", "wssWithCertificate", "wssWithout",
                "tcpWithCertificate", "tcpWithout"]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
        }
    }
}
