using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>The verdict on one server certificate at one moment.</summary>
/// <param name="Status">Healthy; Degraded when it expires within the warning days; Unhealthy when expired or not trusted.</param>
/// <param name="Description">
/// What to add to the check's description, or null when there is nothing to say: "certificate expires in 3 days",
/// "certificate expired on 2026-11-29", "certificate not trusted: …", "certificate not validated (AllowInvalidCertificate)".
/// </param>
/// <param name="Certificate">The certificate's summary for the entry's data, or null when none was presented.</param>
/// <param name="Accept">Whether the handshake should go on: false for an untrusted or expired certificate (unless allowed),
/// so nothing is sent to a server that is not the one meant.</param>
public sealed record CertificateInspection(HealthStatus Status, string? Description, CertificateSummary? Certificate, bool Accept)
{
    /// <summary>The data key under which <see cref="Certificate"/> goes.</summary>
    public const string DataKey = "certificate";

    /// <summary>Entry data holding <c>certificate</c>, or empty when no certificate was seen.</summary>
    public IReadOnlyDictionary<string, object> ToData() =>
        Certificate is null
            ? new Dictionary<string, object>()
            : new Dictionary<string, object>(StringComparer.Ordinal) { [DataKey] = Certificate.ToData() };
}
