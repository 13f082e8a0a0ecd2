using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HealthGateway.Testing;

/// <summary>
/// Certificates a test generates for itself: a private CA and leaves for 127.0.0.1/localhost signed by it
/// (valid 30 days, expiring in 3 days, expired), plus a self-signed leaf no one trusts. The CA and the
/// self-signed certificate are written as PEM files, for a check's <c>CaCertificate</c> option. Every leaf has
/// its private key, so Kestrel (<c>ListenOptions.UseHttps</c>) and <c>SslStream</c> can serve it.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid _serverAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid _clientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly string _directory;
    private readonly RSA _caKey;

    private TestCertificates(string directory, DateTimeOffset now)
    {
        _directory = directory;
        Now = now;
        _caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=HealthGateway Test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        CaCertificate = caRequest.CreateSelfSigned(now.AddDays(-60), now.AddYears(5));
        CaCertificatePemPath = WritePem("ca.pem", CaCertificate);

        Valid = Issue("CN=127.0.0.1", now.AddDays(-1), now.AddDays(30));
        // An hour more than three days, so the days left still read 3 when a check looks a little later.
        ExpiringSoon = Issue("CN=expiring.127.0.0.1", now.AddDays(-27), now.AddDays(3).AddHours(1));
        Expired = Issue("CN=expired.127.0.0.1", now.AddDays(-40), now.AddDays(-2));
        SelfSigned = CreateSelfSigned("CN=self-signed.127.0.0.1", now.AddDays(-1), now.AddDays(30));
        SelfSignedPemPath = WritePem("self-signed.pem", SelfSigned);
    }

    /// <summary>The moment the validity periods were computed from.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The private CA (public part; the key stays in this object to issue more leaves).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The CA as a PEM file: trust it with a check's <c>CaCertificate</c> option.</summary>
    public string CaCertificatePemPath { get; }

    /// <summary>Issued by the CA, valid for 30 more days.</summary>
    public X509Certificate2 Valid { get; }

    /// <summary>Issued by the CA, expires in 3 days (and an hour).</summary>
    public X509Certificate2 ExpiringSoon { get; }

    /// <summary>Issued by the CA, expired 2 days ago.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>Self-signed, valid 30 days, trusted by nothing unless its own PEM is given as the CA.</summary>
    public X509Certificate2 SelfSigned { get; }

    /// <summary>The self-signed certificate as a PEM file.</summary>
    public string SelfSignedPemPath { get; }

    public static TestCertificates Create() =>
        new(ExitGuard.CreateScratchDirectory("healthgateway-certs-"), DateTimeOffset.UtcNow);

    /// <summary>
    /// Issues a client certificate (clientAuth) signed by the CA and writes it and its private key as PEM files, for a
    /// check's <c>ClientCertificate</c> and <c>ClientKey</c>.
    /// </summary>
    public (string CertificatePath, string KeyPath) WriteClientCertificate(string name)
    {
        using var certificate = Issue("CN=" + name, Now.AddDays(-1), Now.AddDays(30), _clientAuthentication);
        var certificatePath = WritePem(name + ".pem", certificate);
        var keyPath = Path.Combine(_directory, name + ".key");
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (a server's client-certificate validation).</summary>
    public bool IssuedByCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    /// <summary>Issues another leaf for 127.0.0.1/localhost, signed by the CA.</summary>
    public X509Certificate2 Issue(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(subject, notBefore, notAfter, _serverAuthentication);

    private X509Certificate2 Issue(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subject, key, usage);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(CaCertificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var certificate = request.Create(CaCertificate.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1),
            notBefore, notAfter, serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return Persist(withKey);
    }

    /// <summary>Writes <paramref name="certificate"/> (public part) as PEM and returns the path.</summary>
    public string WritePem(string fileName, X509Certificate2 certificate)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
        return path;
    }

    public void Dispose()
    {
        foreach (var certificate in new[] { CaCertificate, Valid, ExpiringSoon, Expired, SelfSigned })
        {
            certificate.Dispose();
        }

        _caKey.Dispose();
        ExitGuard.DeleteScratchDirectory(_directory);
    }

    private static X509Certificate2 CreateSelfSigned(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = LeafRequest(subject, key, _serverAuthentication).CreateSelfSigned(notBefore, notAfter);
        return Persist(certificate);
    }

    private static CertificateRequest LeafRequest(string subject, ECDsa key, Oid usage)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        return request;
    }

    // Round-trip through PKCS#12 so the private key is a persisted one that SslStream can use on every platform.
    private static X509Certificate2 Persist(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
}
