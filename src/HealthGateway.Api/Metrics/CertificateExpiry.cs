using System.Globalization;
using HealthGateway.Checks.Kinds.Tls;
using HealthGateway.Checks.Pipeline.Running;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// Reads a check result's <c>data.certificate.notAfter</c> (put there by every kind that speaks TLS), for the
/// certificate-expiry gauge: the metric comes from what the check reported, not from a second handshake.
/// </summary>
public static class CertificateExpiry
{
    /// <summary>Seconds from <paramref name="now"/> until the certificate in <paramref name="result"/> expires (negative once expired), or null when it shows none.</summary>
    public static double? SecondsLeft(ServiceCheckResult? result, DateTimeOffset now) =>
        NotAfter(result) is { } notAfter ? (notAfter - now).TotalSeconds : null;

    /// <summary>When the certificate in <paramref name="result"/> expires, or null when it shows none.</summary>
    public static DateTimeOffset? NotAfter(ServiceCheckResult? result)
    {
        if (result?.Data is not { } data
            || !data.TryGetValue(CertificateInspection.DataKey, out var value)
            || value is not IReadOnlyDictionary<string, object> certificate
            || !certificate.TryGetValue("notAfter", out var notAfter)
            || notAfter is not string text)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }
}
