using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Amqp;

/// <summary>
/// The <c>amqp</c> kind over <c>amqps://</c> through a real gateway: one real RabbitMQ node serving a certificate from
/// the test's CA that expires in 3 days (a node boots slowly, and one node serves one certificate), plus TLS servers
/// that are not brokers for the expired and self-signed cases, which are refused in the handshake before any AMQP.
/// </summary>
public sealed class AmqpsCertificateTests(AmqpsCertificateTests.Environment environment) : IClassFixture<AmqpsCertificateTests.Environment>
{
    [Fact]
    public void AnAmqpsBrokerWithACertificateFromTheTrustedCaIsHealthyAndShowsIt()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("amqpsTrusted"));
        Assert.StartsWith("AMQP channel opened in ", environment.Body.EntryDescription("amqpsTrusted"));
        Assert.DoesNotContain("certificate", environment.Body.EntryDescription("amqpsTrusted"));
        var certificate = Certificate("amqpsTrusted");
        Assert.Equal("CN=expiring.127.0.0.1", certificate.GetProperty("subject").GetString());
        Assert.Equal(3, certificate.GetProperty("daysLeft").GetInt32());
        Assert.Equal(environment.Certificates.ExpiringSoon.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            certificate.GetProperty("notAfter").GetString());
    }

    [Fact]
    public void AnAmqpsBrokerWhoseCertificateExpiresInThreeDaysIsDegraded()
    {
        Assert.Equal("Degraded", environment.Body.EntryStatus("amqpsExpiring"));
        var description = environment.Body.EntryDescription("amqpsExpiring");
        Assert.StartsWith("AMQP channel opened in ", description);
        Assert.Contains("; certificate expires in 3 days (on ", description);
        Assert.Equal(3, Certificate("amqpsExpiring").GetProperty("daysLeft").GetInt32());
    }

    [Fact]
    public void AnAmqpsBrokerWhoseCaIsNotTrustedIsUnhealthySayingSo()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("amqpsUntrustedCa"));
        Assert.Equal($"certificate not trusted: issued by an untrusted root; trust its CA with CaCertificate (127.0.0.1:{environment.Server.Tls!.Port})",
            environment.Body.EntryDescription("amqpsUntrustedCa"));
        Assert.Equal("CN=expiring.127.0.0.1", Certificate("amqpsUntrustedCa").GetProperty("subject").GetString());
    }

    [Fact]
    public void AllowInvalidCertificateIsHealthyAndSaysItWasNotValidated()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("amqpsAllowInvalid"));
        Assert.Contains("AMQP channel opened in ", environment.Body.EntryDescription("amqpsAllowInvalid"));
        Assert.EndsWith("; certificate not validated (AllowInvalidCertificate)", environment.Body.EntryDescription("amqpsAllowInvalid"));
    }

    [Fact]
    public void AnExpiredCertificateIsUnhealthySayingExpired()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("amqpsExpired"));
        Assert.StartsWith("certificate expired on ", environment.Body.EntryDescription("amqpsExpired"));
        Assert.True(Certificate("amqpsExpired").GetProperty("daysLeft").GetInt32() < 0);
    }

    [Fact]
    public void ASelfSignedCertificateIsUnhealthySayingUntrusted()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("amqpsSelfSigned"));
        Assert.StartsWith("certificate not trusted: self-signed; trust it with CaCertificate", environment.Body.EntryDescription("amqpsSelfSigned"));
    }

    [Fact]
    public void PlainAmqpIgnoresTheCertificateSettingsAndShowsNoCertificate()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("amqpPlain"));
        Assert.DoesNotContain("certificate", environment.Body.EntryDescription("amqpPlain"));
        Assert.False(environment.Body.Entry("amqpPlain").GetProperty("data").TryGetProperty("certificate", out _));
    }

    [Fact]
    public async Task MetricsShowSecondsUntilTheBrokersCertificateExpiresAndNothingForPlainAmqp()
    {
        var metrics = await environment.Gateway.Client.GetStringAsync("/metrics");
        var prefix = "healthgateway_certificate_expiry_seconds{service=\"amqpsExpiring\"} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var seconds = double.Parse(line[prefix.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        // The leaf ends 3 days and an hour after the fixture's clock.
        Assert.InRange(seconds, TimeSpan.FromDays(3).TotalSeconds, TimeSpan.FromDays(3).Add(TimeSpan.FromHours(1)).TotalSeconds);
        Assert.DoesNotContain("healthgateway_certificate_expiry_seconds{service=\"amqpPlain\"}", metrics);
    }

    [Theory]
    [InlineData("amqps")]
    [InlineData("amqp")]
    public async Task AMissingCaCertificateFileStopsStartUpNamingServiceAndFieldButNotThePassword(string scheme)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("mq", "amqp", $"{scheme}://app:Start-up-pw9@127.0.0.1:1/app", fields: ("CaCertificate", "/nonexistent/ca.pem")).StartAsync());
        Assert.Contains("HealthGateway:Services:mq:CaCertificate: file '/nonexistent/ca.pem' does not exist", error.Message);
        Assert.DoesNotContain("Start-up-pw9", error.Message);
    }

    private JsonElement Certificate(string service) => environment.Body.Entry(service).GetProperty("data").GetProperty("certificate");

    public sealed class Environment : GatewayEnvironment
    {
        public TestCertificates Certificates { get; } = TestCertificates.Create();

        public RabbitMqServer Server { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var ca = Certificates.CaCertificatePemPath;
            Server = Own(await RabbitMqServer.StartAsync(new RabbitMqTlsListener(Certificates.ExpiringSoon, Certificates.CaCertificate)));
            var expired = Own(TlsTcpServer.Start(Certificates.Expired));
            var selfSigned = Own(TlsTcpServer.Start(Certificates.SelfSigned));
            var amqps = Server.TlsConnectionString;
            // First TLS handshakes and AMQP logins at once on a loaded machine: a cold one is not what these tests are about.
            var settings = new GatewaySettings()
                .Set("HealthGateway:DefaultTimeout", "00:00:15")
                .Service("amqpsTrusted", "amqp", amqps, fields: [("CaCertificate", ca), ("CertificateWarningDays", "2")])
                .Service("amqpsExpiring", "amqp", amqps, fields: ("CaCertificate", ca))
                .Service("amqpsUntrustedCa", "amqp", amqps)
                .Service("amqpsAllowInvalid", "amqp", amqps, fields: ("AllowInvalidCertificate", "true"))
                .Service("amqpsExpired", "amqp", $"amqps://app:x@{expired.Target}/app", fields: ("CaCertificate", ca))
                .Service("amqpsSelfSigned", "amqp", $"amqps://app:x@{selfSigned.Target}/app")
                .Service("amqpPlain", "amqp", Server.ConnectionString, fields: ("CaCertificate", ca));
            return (settings, ["amqpsTrusted", "amqpsExpiring", "amqpsUntrustedCa", "amqpsAllowInvalid", "amqpsExpired", "amqpsSelfSigned", "amqpPlain"]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
        }
    }
}
