using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace HealthGateway.Testing;

/// <summary>
/// A real mosquitto broker on a free loopback port, nothing persisted; with a user, a password file (written by
/// <c>mosquitto_passwd</c>) and no anonymous access.
/// </summary>
public sealed class MosquittoServer : ServerProcess
{
    private const string InstallHint = "install mosquitto (Debian package 'mosquitto'), as .ci/run does";
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(10);

    private readonly MosquittoTls? _tls;

    private MosquittoServer(string workingDirectory, int port, string? user, string? password, MosquittoTls? tls = null)
        : base("mosquitto", workingDirectory, port, PosixSignals.Terminate, _stopTimeout)
    {
        User = user;
        Password = password;
        _tls = tls;
    }

    /// <summary><c>mqtts://127.0.0.1:port</c> of a broker started with <see cref="StartTlsAsync"/>.</summary>
    public string TlsConnectionString => $"mqtts://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The one user the broker knows, or null when it lets anyone in.</summary>
    public string? User { get; }

    public string? Password { get; }

    /// <summary><c>mqtt://user:password@127.0.0.1:port</c> (no user info for an open broker).</summary>
    public string ConnectionString => UriFor(Password);

    private string ConfigFile => Path.Combine(RootDirectory, "mosquitto.conf");

    /// <summary>The broker's URI with <paramref name="password"/> in place of the right one.</summary>
    public string UriFor(string? password) =>
        User is null
            ? $"mqtt://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"mqtt://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(password ?? "")}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts mosquitto; with <paramref name="user"/> and <paramref name="password"/>, only that user may connect.</summary>
    public static Task<MosquittoServer> StartAsync(string? user = null, string? password = null, CancellationToken ct = default) =>
        StartOnFreePortAsync("healthgateway-mosquitto-",
            async (workingDirectory, token) =>
            {
                if (user is not null)
                {
                    var passwd = ExecutableLocator.Find("mosquitto_passwd", InstallHint, "/usr/bin");
                    await ProcessRunner.RunToCompletionAsync(passwd, ["-b", "-c", Path.Combine(workingDirectory, "passwd"), user, password ?? ""],
                        TimeSpan.FromSeconds(30), workingDirectory, token);
                }
            },
            (workingDirectory, port) => new MosquittoServer(workingDirectory, port, user, password), ct);

    /// <summary>
    /// Starts an open mosquitto that speaks only TLS, serving <paramref name="certificate"/> (issued by
    /// <paramref name="certificates"/>' CA); with <paramref name="requireCertificate"/> it asks every client for a
    /// certificate from that CA and refuses one without (<c>require_certificate true</c>).
    /// </summary>
    public static Task<MosquittoServer> StartTlsAsync(TestCertificates certificates, X509Certificate2 certificate, bool requireCertificate,
        CancellationToken ct = default)
    {
        MosquittoTls? tls = null;
        return StartOnFreePortAsync("healthgateway-mosquitto-",
            async (workingDirectory, token) =>
            {
                var certificateFile = Path.Combine(workingDirectory, "server.pem");
                var keyFile = Path.Combine(workingDirectory, "server.key");
                await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem() + "\n", token);
                using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the broker's certificate has no private key");
                await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n", token);
                tls = new MosquittoTls(certificates.CaCertificatePemPath, certificateFile, keyFile, requireCertificate);
            },
            (workingDirectory, port) => new MosquittoServer(workingDirectory, port, null, null, tls), ct);
    }

    // The configuration names the port, which is known only once the fixture is created for it.
    private protected override Task BeforeLaunchAsync(CancellationToken ct)
    {
        // 'user': started as root, mosquitto would drop to the 'mosquitto' user, who cannot read the (0700) scratch
        // directory's password file; as its own user it can.
        List<string> lines =
        [
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"user {Environment.UserName}",
            "persistence false",
            "log_dest stderr",
            User is null ? "allow_anonymous true" : "allow_anonymous false",
        ];
        if (User is not null)
        {
            lines.Add($"password_file {Path.Combine(RootDirectory, "passwd")}");
        }

        if (_tls is not null)
        {
            lines.Add($"cafile {_tls.CaFile}");
            lines.Add($"certfile {_tls.CertificateFile}");
            lines.Add($"keyfile {_tls.KeyFile}");
            lines.Add(_tls.RequireCertificate ? "require_certificate true" : "require_certificate false");
        }

        return File.WriteAllLinesAsync(ConfigFile, lines, ct);
    }

    private protected override ProcessRunner StartProcess() =>
        ProcessRunner.Start(ExecutableLocator.Find("mosquitto", InstallHint, "/usr/sbin"), ["-c", ConfigFile], RootDirectory, PosixSignals.Terminate);

    private protected override Task WaitUntilReadyAsync(ProcessRunner process, CancellationToken ct) =>
        ServerReadiness.WaitForPortAsync(process, $"mosquitto on {Host}:{Port}", Port, _readyTimeout, ct, "Address already in use");
}

/// <summary>The TLS files of a <see cref="MosquittoServer"/> listener.</summary>
internal sealed record MosquittoTls(string CaFile, string CertificateFile, string KeyFile, bool RequireCertificate);
