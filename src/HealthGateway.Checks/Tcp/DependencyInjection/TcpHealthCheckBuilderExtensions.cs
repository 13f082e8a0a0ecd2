using HealthGateway.Checks.Tcp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TcpHealthCheck"/>s.</summary>
public static class TcpHealthCheckBuilderExtensions
{
    /// <summary>Adds a TCP connect check named <paramref name="name"/>.</summary>
    public static IHealthChecksBuilder AddGatewayTcp(this IHealthChecksBuilder builder, string name, TcpHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name,
            sp => new TcpHealthCheck(options, sp.GetRequiredService<TimeProvider>()),
            failureStatus,
            tags,
            timeout));
}
