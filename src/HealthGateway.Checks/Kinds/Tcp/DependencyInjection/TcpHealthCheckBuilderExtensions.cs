using HealthGateway.Checks.Kinds.Tcp;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TcpHealthCheck"/>s.</summary>
public static class TcpHealthCheckBuilderExtensions
{
    /// <summary>Adds a TCP connect check named <paramref name="name"/>; with <see cref="TcpHealthCheckOptions.Certificates"/>, a TLS handshake too.</summary>
    public static IHealthChecksBuilder AddGatewayTcp(this IHealthChecksBuilder builder, string name, TcpHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.AddWithCertificates("tcp", name, options.Certificates, options.Target,
            (time, inspector) => new TcpHealthCheck(options, time, inspector), timeout, tags, failureStatus);
}
