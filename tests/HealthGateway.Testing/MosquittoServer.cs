using System.Globalization;

namespace HealthGateway.Testing;

/// <summary>
/// A real mosquitto broker on a free loopback port, nothing persisted; with a user, a password file (written by
/// <c>mosquitto_passwd</c>) and no anonymous access.
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    private const string InstallHint = "install mosquitto (Debian package 'mosquitto'), as .ci/run does";
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _workingDirectory;
    private ProcessRunner? _server;

    private readonly MosquittoTls? _tls;

    private MosquittoServer(string workingDirectory, int port, string? user, string? password, MosquittoTls? tls = null)
    {
        _workingDirectory = workingDirectory;
        Port = port;
        User = user;
        Password = password;
        _tls = tls;
    }

    /// <summary><c>mqtts://127.0.0.1:port</c> of a broker started with <see cref="StartTlsAsync"/>.</summary>
    public string TlsConnectionString => $"mqtts://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts an open mosquitto that speaks only TLS, serving <paramref name="certificate"/> (issued by
    /// <paramref name="certificates"/>' CA); with <paramref name="requireCertificate"/> it asks every client for a
    /// certificate from that CA and refuses one without (<c>require_certificate true</c>).
    /// </summary>
    public static async Task<MosquittoServer> StartTlsAsync(TestCertificates certificates, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        bool requireCertificate, CancellationToken ct = default)
    {
        var workingDirectory = ExitGuard.CreateScratchDirectory("healthgateway-mosquitto-");
        try
        {
            var certificateFile = Path.Combine(workingDirectory, "server.pem");
            var keyFile = Path.Combine(workingDirectory, "server.key");
            await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem() + "\n", ct);
            using var key = (System.Security.Cryptography.AsymmetricAlgorithm?)System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(certificate)
                ?? throw new InvalidOperationException("the broker's certificate has no private key");
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n", ct);
            var tls = new MosquittoTls(certificates.CaCertificatePemPath, certificateFile, keyFile, requireCertificate);
            return await StartOnFreePort.StartAsync(port => new MosquittoServer(workingDirectory, port, null, null, tls), server => server.LaunchAsync(ct));
        }
        catch
        {
            ExitGuard.DeleteScratchDirectory(workingDirectory);
            throw;
        }
    }

    public int Port { get; }

    /// <summary>The one user the broker knows, or null when it lets anyone in.</summary>
    public string? User { get; }

    public string? Password { get; }

    /// <summary><c>mqtt://user:password@127.0.0.1:port</c> (no user info for an open broker).</summary>
    public string ConnectionString => UriFor(Password);

    /// <summary>The broker's URI with <paramref name="password"/> in place of the right one.</summary>
    public string UriFor(string? password) =>
        User is null
            ? $"mqtt://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"mqtt://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(password ?? "")}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts mosquitto; with <paramref name="user"/> and <paramref name="password"/>, only that user may connect.</summary>
    public static async Task<MosquittoServer> StartAsync(string? user = null, string? password = null, CancellationToken ct = default)
    {
        var workingDirectory = ExitGuard.CreateScratchDirectory("healthgateway-mosquitto-");
        try
        {
            if (user is not null)
            {
                var passwd = ExecutableLocator.Find("mosquitto_passwd", InstallHint, "/usr/bin");
                await ProcessRunner.RunToCompletionAsync(passwd, ["-b", "-c", Path.Combine(workingDirectory, "passwd"), user, password ?? ""],
                    TimeSpan.FromSeconds(30), workingDirectory, ct);
            }

            return await StartOnFreePort.StartAsync(port => new MosquittoServer(workingDirectory, port, user, password), server => server.LaunchAsync(ct));
        }
        catch
        {
            ExitGuard.DeleteScratchDirectory(workingDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.ShutDownAsync(PosixSignals.Terminate, TimeSpan.FromSeconds(10));
            _server = null;
        }

        ExitGuard.DeleteScratchDirectory(_workingDirectory);
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var mosquitto = ExecutableLocator.Find("mosquitto", InstallHint, "/usr/sbin");
        var config = Path.Combine(_workingDirectory, "mosquitto.conf");
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
            lines.Add($"password_file {Path.Combine(_workingDirectory, "passwd")}");
        }

        if (_tls is not null)
        {
            lines.Add($"cafile {_tls.CaFile}");
            lines.Add($"certfile {_tls.CertificateFile}");
            lines.Add($"keyfile {_tls.KeyFile}");
            lines.Add(_tls.RequireCertificate ? "require_certificate true" : "require_certificate false");
        }

        await File.WriteAllLinesAsync(config, lines, ct);
        _server = await ServerReadiness.StartAsync(
            () => ProcessRunner.Start(mosquitto, ["-c", config], _workingDirectory, PosixSignals.Terminate),
            server => ServerReadiness.WaitForPortAsync(server, $"mosquitto on 127.0.0.1:{Port}", Port, _readyTimeout, ct, "Address already in use"));
    }
}

/// <summary>The TLS files of a <see cref="MosquittoServer"/> listener.</summary>
internal sealed record MosquittoTls(string CaFile, string CertificateFile, string KeyFile, bool RequireCertificate);
