using System.Globalization;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>What an entry's <c>data.certificate</c> shows of the server's certificate.</summary>
/// <param name="Subject">The certificate's subject, e.g. <c>CN=api.example.test</c>.</param>
/// <param name="NotAfter">When it expires (UTC).</param>
/// <param name="DaysLeft">Whole days until <paramref name="NotAfter"/>; negative once expired.</param>
public sealed record CertificateSummary(string Subject, DateTimeOffset NotAfter, int DaysLeft)
{
    /// <summary>The entry's data value: <c>{subject, notAfter, daysLeft}</c>, names fixed whatever the serializer's policy.</summary>
    public IReadOnlyDictionary<string, object> ToData() => new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["subject"] = Subject,
        ["notAfter"] = NotAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["daysLeft"] = DaysLeft,
    };
}
