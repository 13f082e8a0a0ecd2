using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// The certificate settings shared by every kind that speaks TLS (https, wss, grpc over https, tcp with
/// <c>Tls: true</c>): a kind's options class derives from this, so the three keys are its configuration keys once,
/// validated and turned into a <see cref="CertificateOptions"/> the same way everywhere.
/// </summary>
public abstract class TlsSettings
{
    /// <summary>A PEM file of the only trusted roots (a private CA, or the self-signed server certificate itself); checked on start.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Accepts any certificate (throwaway test environments); the description says it was not validated. Default false.</summary>
    public bool AllowInvalidCertificate { get; set; }

    /// <summary>A PEM file of the client certificate offered when the server asks for one (mutual TLS); checked on start.</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>A PEM file of <see cref="ClientCertificate"/>'s private key (unencrypted); default: the certificate's own file.</summary>
    public string? ClientKey { get; set; }

    /// <summary>A valid certificate with this many days left or fewer is Degraded. Default 14.</summary>
    public int CertificateWarningDays { get; set; } = CertificateOptions.DefaultWarningDays;

    /// <summary>The settings as the <see cref="CertificateInspector"/> reads them.</summary>
    public CertificateOptions ToCertificateOptions() => new()
    {
        CaCertificate = string.IsNullOrWhiteSpace(CaCertificate) ? null : CaCertificate,
        AllowInvalidCertificate = AllowInvalidCertificate,
        CertificateWarningDays = CertificateWarningDays,
        ClientCertificate = string.IsNullOrWhiteSpace(ClientCertificate) ? null : ClientCertificate,
        ClientKey = string.IsNullOrWhiteSpace(ClientKey) ? null : ClientKey,
    };

    /// <summary>
    /// Reports a CA file that cannot be read or holds no certificate, and a negative warning, as (field, message), so
    /// a bad path stops start-up naming the service and the field rather than failing every check later.
    /// </summary>
    public void CheckTls(Action<string, string> problem)
    {
        if (CertificateWarningDays < 0)
        {
            problem(nameof(CertificateWarningDays), "must be 0 or more");
        }

        ClientCertificates.Check(ClientCertificate, ClientKey, problem);

        if (string.IsNullOrWhiteSpace(CaCertificate))
        {
            return;
        }

        if (!File.Exists(CaCertificate))
        {
            problem(nameof(CaCertificate), $"file {ConfigurationText.Quote(CaCertificate)} does not exist or cannot be read");
            return;
        }

        try
        {
            CertificateInspector.LoadRoots(CaCertificate);
        }
        catch (InvalidOperationException)
        {
            problem(nameof(CaCertificate), $"file {ConfigurationText.Quote(CaCertificate)} cannot be read as PEM certificates");
        }
    }
}
