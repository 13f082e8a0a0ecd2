using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Tls;

/// <summary>
/// Server certificates judged through a real gateway: https in every case, and wss, grpc over https and tcp with
/// <c>Tls: true</c>, each against a real TLS server presenting a certificate the test generated.
/// </summary>
public sealed class CertificateTests(CertificateTests.Environment environment) : IClassFixture<CertificateTests.Environment>
{
    [Fact]
    public void AValidCertificateFromTheTrustedCaIsHealthyAndShownInData()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("httpsValid"));
        Assert.StartsWith("HTTP 200 in ", environment.Body.EntryDescription("httpsValid"));
        var certificate = Certificate("httpsValid");
        Assert.Equal("CN=127.0.0.1", certificate.GetProperty("subject").GetString());
        Assert.Equal(29, certificate.GetProperty("daysLeft").GetInt32());
        Assert.Equal(environment.Certificates.Valid.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            certificate.GetProperty("notAfter").GetString());
    }

    [Fact]
    public void ACertificateExpiringInThreeDaysIsDegraded()
    {
        Assert.Equal("Degraded", environment.Body.EntryStatus("httpsExpiring"));
        Assert.Contains("certificate expires in 3 days", environment.Body.EntryDescription("httpsExpiring"));
        Assert.Equal(3, Certificate("httpsExpiring").GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public void AnExpiredCertificateIsUnhealthySayingExpired()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("httpsExpired"));
        Assert.StartsWith("certificate expired on ", environment.Body.EntryDescription("httpsExpired"));
        Assert.True(Certificate("httpsExpired").GetProperty("daysLeft").GetInt32() < 0);
    }

    [Fact]
    public void ASelfSignedCertificateIsUnhealthySayingUntrusted()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("httpsSelfSigned"));
        Assert.StartsWith("certificate not trusted: self-signed", environment.Body.EntryDescription("httpsSelfSigned"));
    }

    [Fact]
    public void ASelfSignedCertificateGivenAsCaCertificateIsHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("httpsSelfSignedTrusted"));
        Assert.Equal("CN=self-signed.127.0.0.1", Certificate("httpsSelfSignedTrusted").GetProperty("subject").GetString());
    }

    [Fact]
    public void AllowInvalidCertificateIsHealthyAndSaysItWasNotValidated()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("httpsAllowInvalid"));
        Assert.Contains("certificate not validated (AllowInvalidCertificate)", environment.Body.EntryDescription("httpsAllowInvalid"));
    }

    [Fact]
    public void AWssServerWithAnExpiringCertificateIsDegraded()
    {
        Assert.Equal("Degraded", environment.Body.EntryStatus("wssExpiring"));
        Assert.Contains("certificate expires in 3 days", environment.Body.EntryDescription("wssExpiring"));
    }

    [Fact]
    public void AWssServerWithAnExpiredCertificateIsUnhealthySayingExpired()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wssExpired"));
        Assert.StartsWith("certificate expired on ", environment.Body.EntryDescription("wssExpired"));
    }

    [Fact]
    public void AGrpcServerOverHttpsWithAValidCertificateIsHealthyWithItsCertificate()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("grpcsValid"));
        Assert.StartsWith("SERVING in ", environment.Body.EntryDescription("grpcsValid"));
        Assert.Equal("CN=127.0.0.1", Certificate("grpcsValid").GetProperty("subject").GetString());
    }

    [Fact]
    public void AGrpcServerOverHttpsWithASelfSignedCertificateIsUntrusted()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("grpcsSelfSigned"));
        Assert.StartsWith("certificate not trusted: self-signed", environment.Body.EntryDescription("grpcsSelfSigned"));
    }

    [Fact]
    public void ATcpTlsServerWithAValidCertificateIsAHealthyHandshake()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("tcpTlsValid"));
        Assert.StartsWith("TLS handshake in ", environment.Body.EntryDescription("tcpTlsValid"));
        Assert.Equal(29, Certificate("tcpTlsValid").GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public void ATcpTlsServerWithAnExpiredCertificateIsUnhealthySayingExpired()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("tcpTlsExpired"));
        Assert.StartsWith("certificate expired on ", environment.Body.EntryDescription("tcpTlsExpired"));
    }

    [Fact]
    public async Task AMissingCaCertificateFileStopsStartUpNamingServiceAndField()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "http", "https://127.0.0.1:1/health", fields: ("CaCertificate", "/nonexistent/ca.pem")).StartAsync());
        Assert.Contains("HealthGateway:Services:api:CaCertificate: file '/nonexistent/ca.pem' does not exist", error.Message);
    }

    [Fact]
    public async Task AnUnreadableCaCertificateFileStopsStartUpNamingServiceAndField()
    {
        var notPem = Path.Combine(Path.GetTempPath(), $"healthgateway-not-a-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(notPem, "not a certificate");
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
                .Service("feed", "websocket", "wss://127.0.0.1:1/ws", fields: ("CaCertificate", notPem)).StartAsync());
            Assert.Contains("HealthGateway:Services:feed:CaCertificate: file ", error.Message);
            Assert.Contains("cannot be read as PEM certificates", error.Message);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Fact]
    public async Task MetricsShowSecondsUntilEachCertificateExpiresAndNothingForPlainServices()
    {
        var metrics = await environment.Gateway.Client.GetStringAsync("/metrics");
        var expiring = ExpirySeconds(metrics, "httpsExpiring");
        var expired = ExpirySeconds(metrics, "tcpTlsExpired");
        var grpc = ExpirySeconds(metrics, "grpcsValid");

        // The expiring leaf ends 3 days and an hour after the fixture's clock; the expired one ended 2 days before it.
        Assert.InRange(expiring, TimeSpan.FromDays(3).TotalSeconds, TimeSpan.FromDays(3).Add(TimeSpan.FromHours(1)).TotalSeconds);
        Assert.InRange(expired, -TimeSpan.FromDays(2).TotalSeconds - 600, -TimeSpan.FromDays(2).TotalSeconds + 1);
        Assert.InRange(grpc, TimeSpan.FromDays(29.9).TotalSeconds, TimeSpan.FromDays(30).TotalSeconds);
        Assert.DoesNotContain("healthgateway_certificate_expiry_seconds{service=\"plain\"}", metrics);
    }

    private static double ExpirySeconds(string metrics, string service)
    {
        var prefix = $"healthgateway_certificate_expiry_seconds{{service=\"{service}\"}} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private JsonElement Certificate(string service) => environment.Body.Entry(service).GetProperty("data").GetProperty("certificate");

    public sealed class Environment : GatewayEnvironment
    {
        public TestCertificates Certificates { get; } = TestCertificates.Create();

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var ca = Certificates.CaCertificatePemPath;
            var valid = Own(await TargetServer.StartAsync(certificate: Certificates.Valid));
            var expiring = Own(await TargetServer.StartAsync(certificate: Certificates.ExpiringSoon));
            var expired = Own(await TargetServer.StartAsync(certificate: Certificates.Expired));
            var selfSigned = Own(await TargetServer.StartAsync(certificate: Certificates.SelfSigned));
            var grpcValid = Own(await GrpcHealthServer.StartAsync(Certificates.Valid));
            var grpcSelfSigned = Own(await GrpcHealthServer.StartAsync(Certificates.SelfSigned));
            var tcpValid = Own(TlsTcpServer.Start(Certificates.Valid));
            var tcpExpired = Own(TlsTcpServer.Start(Certificates.Expired));
            // Twelve first TLS handshakes at once on a loaded machine: a cold one is not what these tests are about.
            var settings = new GatewaySettings()
                .Set("HealthGateway:DefaultTimeout", "00:00:15")
                .Service("httpsValid", "http", valid.BaseUrl + "/ok", fields: ("CaCertificate", ca))
                .Service("httpsExpiring", "http", expiring.BaseUrl + "/ok", fields: ("CaCertificate", ca))
                .Service("httpsExpired", "http", expired.BaseUrl + "/ok", fields: ("CaCertificate", ca))
                .Service("httpsSelfSigned", "http", selfSigned.BaseUrl + "/ok")
                .Service("httpsSelfSignedTrusted", "http", selfSigned.BaseUrl + "/ok", fields: ("CaCertificate", Certificates.SelfSignedPemPath))
                .Service("httpsAllowInvalid", "http", selfSigned.BaseUrl + "/ok", fields: ("AllowInvalidCertificate", "true"))
                .Service("wssExpiring", "websocket", expiring.WebSocketBaseUrl + "/ws/echo", fields: ("CaCertificate", ca))
                .Service("wssExpired", "websocket", expired.WebSocketBaseUrl + "/ws/echo", fields: ("CaCertificate", ca))
                .Service("grpcsValid", "grpc", grpcValid.Url, fields: ("CaCertificate", ca))
                .Service("grpcsSelfSigned", "grpc", grpcSelfSigned.Url)
                .Service("tcpTlsValid", "tcp", $"tcp://{tcpValid.Target}", fields: [("Tls", "true"), ("CaCertificate", ca)])
                .Service("tcpTlsExpired", "tcp", $"tcp://{tcpExpired.Target}", fields: [("Tls", "true"), ("CaCertificate", ca)])
                .Service("plain", "http", valid.BaseUrl.Replace("https://", "http://", StringComparison.Ordinal) + "/ok");
            return (settings, ["httpsValid", "httpsExpiring", "httpsExpired", "httpsSelfSigned", "httpsSelfSignedTrusted", "httpsAllowInvalid",
                "wssExpiring", "wssExpired", "grpcsValid", "grpcsSelfSigned", "tcpTlsValid", "tcpTlsExpired", "plain"]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
        }
    }
}
