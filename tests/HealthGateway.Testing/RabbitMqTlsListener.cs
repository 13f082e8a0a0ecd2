using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HealthGateway.Testing;

/// <summary>
/// An amqps listener for a <see cref="RabbitMqServer"/> on its own free loopback port, serving
/// <paramref name="certificate"/> (with its private key) and sending <paramref name="issuer"/> as its chain. Clients
/// are not asked for a certificate unless <paramref name="requireClientCertificate"/>: then the node asks for one
/// (<c>verify_peer</c>) issued by <paramref name="issuer"/> and refuses a client without (<c>fail_if_no_peer_cert</c>).
/// </summary>
public sealed class RabbitMqTlsListener(X509Certificate2 certificate, X509Certificate2 issuer, bool requireClientCertificate = false)
{
    /// <summary>The amqps port, chosen before the node boots.</summary>
    public int Port { get; } = FreePort.Get();

    /// <summary>Writes the PEM files RabbitMQ reads into <paramref name="directory"/>; returns the rabbitmq.conf lines.</summary>
    internal IEnumerable<string> WriteConfiguration(string directory)
    {
        var certificateFile = Path.Combine(directory, "server-certificate.pem");
        var keyFile = Path.Combine(directory, "server-key.pem");
        var issuerFile = Path.Combine(directory, "server-ca.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(issuerFile, issuer.ExportCertificatePem() + "\n");
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException($"The certificate {certificate.Subject} has no private key to serve.");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return
        [
            $"listeners.ssl.default = 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            $"ssl_options.cacertfile = {issuerFile}",
            $"ssl_options.certfile = {certificateFile}",
            $"ssl_options.keyfile = {keyFile}",
            requireClientCertificate ? "ssl_options.verify = verify_peer" : "ssl_options.verify = verify_none",
            requireClientCertificate ? "ssl_options.fail_if_no_peer_cert = true" : "ssl_options.fail_if_no_peer_cert = false",
        ];
    }
}
