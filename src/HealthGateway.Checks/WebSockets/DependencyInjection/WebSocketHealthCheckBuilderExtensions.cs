using HealthGateway.Checks.Tls;
using HealthGateway.Checks.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="WebSocketHealthCheck"/>s.</summary>
public static class WebSocketHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a WebSocket round-trip check named <paramref name="name"/>; for wss with
    /// <see cref="WebSocketHealthCheckOptions.Certificates"/>, one <see cref="CertificateInspector"/> per service judges
    /// the server certificate and the check reports its verdict.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayWebSocket(this IHealthChecksBuilder builder, string name, WebSocketHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.AddWithCertificates("websocket", name, options.Certificates, options.Target,
            (time, inspector) => new WebSocketHealthCheck(options, time, inspector), timeout, tags, failureStatus);
}
