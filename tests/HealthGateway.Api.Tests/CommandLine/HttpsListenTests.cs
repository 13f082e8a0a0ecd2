using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The server, as a real process, serves HTTPS with the certificate ASP.NET Core's own settings name. The gateway is
/// built on the slim host builder (no QUIC), which leaves Kestrel's HTTPS configuration out unless it is added back:
/// this is what proves it was (issue 24).
/// </summary>
public sealed class HttpsListenTests
{
    [Fact]
    public async Task TheGatewayServesLivenessAndTheDashboardOverHttpsWithTheConfiguredCertificate()
    {
        var folder = Directory.CreateTempSubdirectory("hg-https-");
        try
        {
            using var certificate = SelfSigned();
            var path = Path.Combine(folder.FullName, "gateway.pfx");
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
            var port = FreePort.Get();
            var url = $"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

            await using var gateway = GatewayProcess.Start([], new Dictionary<string, string>
            {
                ["Urls"] = url,
                ["Kestrel__Certificates__Default__Path"] = path,
                ["Kestrel__Certificates__Default__Password"] = "pfx-password",
            });
            await gateway.WaitForOutputAsync($"Now listening on: {url}");

            // Only this certificate is trusted: the answer comes from the gateway's TLS endpoint, nothing else.
            var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, seen, _, _) => seen is X509Certificate2 c && c.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint },
            }) { Timeout = TimeSpan.FromSeconds(30) };

            using var live = await client.GetAsync(new Uri($"{url}/health/live"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var dashboard = await client.GetAsync(new Uri($"{url}/"));
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
