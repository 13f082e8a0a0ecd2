using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// Judges a TLS server certificate for a check: trusted (by the system store, or only by the roots in
/// <see cref="CertificateOptions.CaCertificate"/>), expired, or expiring within the warning days, against the
/// injected clock. Use <see cref="Validate"/> as the handshake's validation callback and read
/// <see cref="LastInspection"/>, or call <see cref="Inspect"/> directly.
/// </summary>
public sealed class CertificateInspector
{
    private readonly CertificateOptions _options;
    private readonly TimeProvider _time;
    private readonly X509Certificate2Collection? _roots;
    private readonly Lock _lock = new();
    private readonly X509Certificate2? _clientCertificate;
    private Observed? _last;
    private int _handshakes;
    private int _clientCertificateRequests;

    /// <exception cref="InvalidOperationException">The CA file cannot be read or holds no certificate (the message names the path).</exception>
    public CertificateInspector(CertificateOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        if (!string.IsNullOrWhiteSpace(options.CaCertificate))
        {
            _roots = LoadRoots(options.CaCertificate);
        }

        _clientCertificate = ClientCertificates.Load(options.ClientCertificate, options.ClientKey);
    }

    /// <summary>The text when the server asked for a client certificate and none is configured.</summary>
    public const string NoClientCertificate = "the server asked for a client certificate and none is configured";

    /// <summary>Whether a client certificate (ClientCertificate) is configured.</summary>
    public bool HasClientCertificate => _clientCertificate is not null;

    /// <summary>How many handshakes the server asked for a client certificate in: compared before and after a run, like
    /// <see cref="Handshakes"/>.</summary>
    public int ClientCertificateRequests => Volatile.Read(ref _clientCertificateRequests);

    /// <summary>
    /// Sets both callbacks on a client's TLS options: <see cref="Validate"/> for the server certificate and
    /// <see cref="SelectClientCertificate"/> for the client certificate.
    /// </summary>
    public void Apply(SslClientAuthenticationOptions ssl)
    {
        ArgumentNullException.ThrowIfNull(ssl);
        ssl.RemoteCertificateValidationCallback = Validate;
        ssl.LocalCertificateSelectionCallback = SelectClientCertificate;
    }

    /// <summary>
    /// A <see cref="LocalCertificateSelectionCallback"/>: offers the configured client certificate, and counts the
    /// handshakes the server asked for one in (it is called with the server's certificate only then), so a failure
    /// can say the certificate was asked for and none is configured.
    /// </summary>
    public X509Certificate? SelectClientCertificate(object sender, string targetHost, X509CertificateCollection localCertificates,
        X509Certificate? remoteCertificate, string[] acceptableIssuers)
    {
        if (remoteCertificate is not null)
        {
            Interlocked.Increment(ref _clientCertificateRequests);
        }

        return _clientCertificate;
    }

    /// <summary>
    /// The last handshake's certificate judged again now (days left move on while a pooled connection stays
    /// open), or null when no handshake happened yet.
    /// </summary>
    public CertificateInspection? LastInspection
    {
        get
        {
            Observed? last;
            lock (_lock)
            {
                last = _last;
            }

            return last is null ? null : Judge(last.Certificate, last.Intermediates, last.Errors);
        }
    }

    /// <summary>How many certificates <see cref="Validate"/> has judged: a check compares it before and after a run to tell
    /// whether this run's own handshake was the one refused (a pooled connection makes none).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Reads a PEM file of CA certificates; for options validation, so a bad path stops start-up.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection LoadRoots(string pemPath)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(pemPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"CaCertificate '{pemPath}' cannot be read as PEM: {ex.Message}", ex);
        }

        return roots.Count > 0
            ? roots
            : throw new InvalidOperationException($"CaCertificate '{pemPath}' holds no PEM certificate.");
    }

    /// <summary>
    /// A <see cref="RemoteCertificateValidationCallback"/>: records the certificate for <see cref="LastInspection"/>
    /// and accepts it unless it is untrusted or expired (an expiring one is accepted, and Degraded).
    /// </summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Interlocked.Increment(ref _handshakes);
        if (certificate is null)
        {
            lock (_lock)
            {
                _last = null;
            }

            return _options.AllowInvalidCertificate;
        }

        // Copies: the handshake disposes its own certificate and chain objects afterwards.
        var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = new X509Certificate2Collection();
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                intermediates.Add(X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
            }
        }

        lock (_lock)
        {
            _last = new Observed(copy, intermediates, errors);
        }

        return Judge(copy, intermediates, errors).Accept;
    }

    /// <summary>Judges <paramref name="certificate"/> now, as a validation callback receives it.</summary>
    public CertificateInspection Inspect(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var intermediates = new X509Certificate2Collection();
        foreach (var element in chain?.ChainElements.Skip(1) ?? [])
        {
            intermediates.Add(element.Certificate);
        }

        return certificate is null
            ? Judge(null, intermediates, errors)
            : Judge(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), intermediates, errors);
    }

    private CertificateInspection Judge(X509Certificate2? certificate, X509Certificate2Collection intermediates, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return _options.AllowInvalidCertificate
                ? new CertificateInspection(HealthStatus.Healthy, "no certificate presented, not validated (AllowInvalidCertificate)", null, true)
                : new CertificateInspection(HealthStatus.Unhealthy, "certificate not trusted: the server presented none", null, false);
        }

        var now = _time.GetUtcNow();
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var daysLeft = (int)Math.Floor((notAfter - now).TotalDays);
        var summary = new CertificateSummary(certificate.Subject, notAfter, daysLeft);

        if (_options.AllowInvalidCertificate)
        {
            return new CertificateInspection(HealthStatus.Healthy, "certificate not validated (AllowInvalidCertificate)", summary, true);
        }

        if (now >= notAfter)
        {
            return Unhealthy($"certificate expired on {Day(notAfter)}", summary);
        }

        if (now < notBefore)
        {
            return Unhealthy($"certificate not valid before {Day(notBefore)}", summary);
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Unhealthy("certificate not trusted: it is not issued for this host name", summary);
        }

        if (TrustProblem(certificate, intermediates, now) is { } problem)
        {
            return Unhealthy("certificate not trusted: " + problem, summary);
        }

        return daysLeft <= _options.CertificateWarningDays
            ? new CertificateInspection(HealthStatus.Degraded, $"certificate expires in {Days(daysLeft)} (on {Day(notAfter)})", summary, true)
            : new CertificateInspection(HealthStatus.Healthy, null, summary, true);
    }

    // Our own chain, not the handshake's verdict: it is built at the injected clock's time and against the
    // custom roots when a CA file is given (the handshake only knows the system store).
    private string? TrustProblem(X509Certificate2 certificate, X509Certificate2Collection intermediates, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        // Dates are judged above, in words; here only trust.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        if (_roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        var hint = _roots is null ? "; trust its CA with CaCertificate" : " in CaCertificate";
        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot))
        {
            return IsSelfSigned(certificate)
                ? "self-signed" + (_roots is null ? "; trust it with CaCertificate" : " and not in CaCertificate")
                : "issued by an untrusted root" + hint;
        }

        if (flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            return "issuer unknown (" + certificate.Issuer + ")" + (_roots is null ? hint : ", not" + hint);
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotSignatureValid))
        {
            return "signature invalid";
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            return "not valid for server authentication";
        }

        var information = chain.ChainStatus.Select(status => status.StatusInformation.Trim()).FirstOrDefault(text => text.Length > 0);
        return information ?? flags.ToString();
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static CertificateInspection Unhealthy(string description, CertificateSummary summary) =>
        new(HealthStatus.Unhealthy, description, summary, false);

    private static string Day(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");

    private sealed record Observed(X509Certificate2 Certificate, X509Certificate2Collection Intermediates, SslPolicyErrors Errors);
}
