namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>How a check that speaks TLS judges the server's certificate.</summary>
public sealed class CertificateOptions
{
    /// <summary>The default of <see cref="CertificateWarningDays"/>.</summary>
    public const int DefaultWarningDays = 14;

    /// <summary>
    /// A PEM file whose certificates are the only trusted roots (a private CA, or a self-signed server certificate
    /// itself). Null trusts the system's CA store.
    /// </summary>
    public string? CaCertificate { get; init; }

    /// <summary>Accepts any certificate, for throwaway test environments; the description says it was not validated.</summary>
    public bool AllowInvalidCertificate { get; init; }

    /// <summary>A PEM file of the client certificate offered when the server asks for one (mutual TLS); null offers none.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>The PEM file of <see cref="ClientCertificate"/>'s private key; null reads it from the certificate's own file.</summary>
    public string? ClientKey { get; init; }

    /// <summary>A valid certificate with this many days left or fewer is Degraded.</summary>
    public int CertificateWarningDays { get; init; } = DefaultWarningDays;
}
