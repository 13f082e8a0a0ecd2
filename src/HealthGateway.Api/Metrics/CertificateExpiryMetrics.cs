using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// <c>healthgateway.certificate.expiry</c> (<c>healthgateway_certificate_expiry_seconds{service}</c> on /metrics):
/// seconds until the certificate a TLS-speaking check last saw expires (negative once expired), read from the
/// check result's <c>data.certificate</c>. Observed, so the value counts down between checks.
/// </summary>
public sealed class CertificateExpiryMetrics : ICheckResultSink, IConfigurationReloadSink
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notAfter = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    /// <summary>Creates the gauge on the gateway's meter.</summary>
    public CertificateExpiryMetrics(GatewayMeter meter, TimeProvider time)
    {
        _time = time;
        meter.Meter.CreateObservableGauge(MetricNames.CertificateExpiry, Observe, "s",
            "Seconds until the server certificate a service's check last saw expires; negative once expired.");
    }

    /// <inheritdoc />
    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported)
    {
        // A result without a certificate (a refused port) keeps the last one seen: the certificate did not change.
        if (CertificateExpiry.NotAfter(raw) is { } notAfter)
        {
            _notAfter[service.Name] = notAfter;
        }
    }

    /// <inheritdoc />
    public void OnReload(ConfigurationReload reload)
    {
        // A changed service may now point elsewhere: its next check tells which certificate it sees.
        foreach (var service in reload.Removed.Concat(reload.Changed))
        {
            _notAfter.TryRemove(service, out _);
        }
    }

    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow();
        foreach (var (service, notAfter) in _notAfter)
        {
            yield return new Measurement<double>(Math.Round((notAfter - now).TotalSeconds),
                new KeyValuePair<string, object?>("service", service));
        }
    }
}
