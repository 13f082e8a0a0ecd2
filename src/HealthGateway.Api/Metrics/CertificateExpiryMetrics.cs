using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using HealthGateway.Checks.Snapshots;
using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// <c>healthgateway_certificate_expiry_seconds{service}</c>: seconds until the certificate a TLS-speaking check last
/// saw expires (negative once expired), read from the check result's <c>data.certificate</c>.
/// </summary>
public sealed class CertificateExpiryMetrics(GatewayMetricsRegistry metrics, TimeProvider time) : ICheckResultSink
{
    private readonly Gauge _expiry = metrics.Factory.CreateGauge(MetricNames.CertificateExpiry,
        "Seconds until the server certificate a service's check last saw expires; negative once expired.",
        ["service"]);

    /// <inheritdoc />
    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported)
    {
        // A result without a certificate (a refused port) keeps the last one seen: the certificate did not change.
        if (CertificateExpiry.SecondsLeft(raw, time.GetUtcNow()) is { } seconds)
        {
            _expiry.WithLabels(service.Name).Set(Math.Round(seconds));
        }
    }
}
