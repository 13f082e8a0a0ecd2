using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using HealthGateway.Checks.Kinds.Tls;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Tests.Kinds.Tls;

/// <summary>The TLS fixtures serve the generated certificates, and the inspector judges them over real handshakes.</summary>
public sealed class TlsFixtureTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    [Fact]
    public async Task AnHttpsTargetServesTheGivenCertificateTrustedThroughTheCaFile()
    {
        await using var server = await TargetServer.StartAsync(certificate: _certificates.ExpiringSoon);
        var inspector = Trusting();
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = inspector.Validate;
        using var client = new HttpClient(handler);
        Assert.Equal("ok", await client.GetStringAsync(server.BaseUrl + "/ok"));
        Assert.Equal(HealthStatus.Degraded, inspector.LastInspection!.Status);
        Assert.Equal("CN=expiring.127.0.0.1", inspector.LastInspection.Certificate!.Subject);
    }

    [Fact]
    public async Task AWssTargetWithAnExpiredCertificateIsRejectedAndSaidExpired()
    {
        await using var server = await TargetServer.StartAsync(certificate: _certificates.Expired);
        var inspector = Trusting();
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = inspector.Validate;
        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(server.WebSocketBaseUrl + "/ws/echo"), CancellationToken.None));
        Assert.StartsWith("certificate expired on ", inspector.LastInspection!.Description);
    }

    [Fact]
    public async Task ARawTlsTcpServerCompletesAHandshakeWithTheValidCertificate()
    {
        await using var server = TlsTcpServer.Start(_certificates.Valid);
        var inspector = Trusting();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, inspector.Validate);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        Assert.Equal(HealthStatus.Healthy, inspector.LastInspection!.Status);
        Assert.Equal(29, inspector.LastInspection.Certificate!.DaysLeft);
    }

    public void Dispose() => _certificates.Dispose();

    private CertificateInspector Trusting() =>
        new(new CertificateOptions { CaCertificate = _certificates.CaCertificatePemPath }, TimeProvider.System);
}
