using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// Wraps a check whose client validates the server certificate through <paramref name="inspector"/> and folds the
/// verdict into its result: the entry's data gets <c>certificate</c>; an expiring certificate makes a success
/// Degraded ("certificate expires in 3 days"); a certificate refused in this run's own handshake is the failure's
/// description ("certificate expired on …", "certificate not trusted: self-signed …") instead of a bare TLS error.
/// </summary>
/// <param name="inner">The kind's own check.</param>
/// <param name="inspector">The inspector whose <see cref="CertificateInspector.Validate"/> the inner check's client calls.</param>
/// <param name="target">host:port or URL, safe to show.</param>
public sealed class CertificateCheck(IHealthCheck inner, CertificateInspector inspector, string target) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var handshakesBefore = inspector.Handshakes;
        var requestsBefore = inspector.ClientCertificateRequests;
        HealthCheckResult result;
        try
        {
            result = await inner.CheckHealthAsync(context, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && RefusedNow(handshakesBefore) is { } refused)
        {
            return Refused(context, refused);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && MissingClientCertificate(requestsBefore))
        {
            return NoClientCertificate(context, result: null);
        }

        if (result.Status != HealthStatus.Healthy && RefusedNow(handshakesBefore) is null && MissingClientCertificate(requestsBefore))
        {
            return NoClientCertificate(context, result);
        }

        var inspection = inspector.LastInspection;
        if (inspection is null)
        {
            return result;
        }

        if (result.Status != HealthStatus.Healthy)
        {
            return RefusedNow(handshakesBefore) is { } refused
                ? Refused(context, refused)
                : new HealthCheckResult(result.Status, result.Description, result.Exception, Merge(result.Data, inspection));
        }

        var description = inspection.Description is { } note ? $"{result.Description}; {note}" : result.Description;
        var status = inspection.Status switch
        {
            HealthStatus.Unhealthy => context.Registration.FailureStatus,
            HealthStatus.Degraded => HealthStatus.Degraded,
            _ => HealthStatus.Healthy,
        };
        return new HealthCheckResult(status, description, exception: null, Merge(result.Data, inspection));
    }

    // Only a handshake made during this run speaks for this run: a pooled connection makes none, and an older
    // refusal must not relabel today's "connection refused".
    private CertificateInspection? RefusedNow(int handshakesBefore) =>
        inspector.Handshakes != handshakesBefore && inspector.LastInspection is { Accept: false } refused ? refused : null;

    // The server asked for a certificate in this run's handshake and there is none to give: with TLS 1.3 the
    // handshake still completes and the refusal arrives as a read error, which says nothing of the cause.
    private bool MissingClientCertificate(int requestsBefore) =>
        !inspector.HasClientCertificate && inspector.ClientCertificateRequests != requestsBefore;

    private HealthCheckResult NoClientCertificate(HealthCheckContext context, HealthCheckResult? result) =>
        new(context.Registration.FailureStatus, $"{CertificateInspector.NoClientCertificate} ({target})", exception: null,
            inspector.LastInspection is { } inspection ? Merge(result?.Data ?? new Dictionary<string, object>(), inspection) : result?.Data);

    private HealthCheckResult Refused(HealthCheckContext context, CertificateInspection refused) =>
        new(context.Registration.FailureStatus, $"{refused.Description} ({target})", exception: null, refused.ToData());

    private static Dictionary<string, object> Merge(IReadOnlyDictionary<string, object> data, CertificateInspection inspection)
    {
        var merged = new Dictionary<string, object>(data, StringComparer.Ordinal);
        foreach (var (key, value) in inspection.ToData())
        {
            merged[key] = value;
        }

        return merged;
    }
}
