using HealthGateway.Checks.Kinds.Dns;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="DnsHealthCheck"/>s.</summary>
public static class DnsHealthCheckBuilderExtensions
{
    /// <summary>Adds a DNS lookup check named <paramref name="name"/>: one query per run, no cache, no retries inside.</summary>
    public static IHealthChecksBuilder AddGatewayDns(this IHealthChecksBuilder builder, string name, DnsHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name, sp => new DnsHealthCheck(options, sp.GetRequiredService<TimeProvider>()), failureStatus, tags, options.Timeout));
}
