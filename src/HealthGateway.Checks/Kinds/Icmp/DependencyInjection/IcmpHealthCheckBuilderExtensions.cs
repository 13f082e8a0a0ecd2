using HealthGateway.Checks.Kinds.Icmp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IcmpHealthCheck"/>s.</summary>
public static class IcmpHealthCheckBuilderExtensions
{
    /// <summary>Adds an ICMP echo check named <paramref name="name"/>: one echo request per run, no retries inside.</summary>
    public static IHealthChecksBuilder AddGatewayIcmp(this IHealthChecksBuilder builder, string name, IcmpHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name, sp => new IcmpHealthCheck(options, sp.GetRequiredService<TimeProvider>()), failureStatus, tags, options.Timeout));
}
