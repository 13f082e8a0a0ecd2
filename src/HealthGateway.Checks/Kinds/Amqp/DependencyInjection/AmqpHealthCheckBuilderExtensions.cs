using HealthGateway.Checks.Kinds.Amqp;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AmqpHealthCheck"/>s.</summary>
public static class AmqpHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds an AMQP check named <paramref name="name"/>: a fresh connection and channel per run, closed after; with
    /// <see cref="AmqpHealthCheckOptions.Certificates"/> (amqps), the broker's certificate is judged and reported too.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayAmqp(this IHealthChecksBuilder builder, string name, AmqpHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.AddWithCertificates("amqp", name, options.Certificates, options.Target,
            (time, inspector) => new AmqpHealthCheck(options, time, inspector), options.Timeout, tags, failureStatus);
}
