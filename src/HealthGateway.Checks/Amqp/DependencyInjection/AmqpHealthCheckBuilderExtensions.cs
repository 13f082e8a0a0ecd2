using HealthGateway.Checks.Amqp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AmqpHealthCheck"/>s.</summary>
public static class AmqpHealthCheckBuilderExtensions
{
    /// <summary>Adds an AMQP check named <paramref name="name"/>: a fresh connection and channel per run, closed after.</summary>
    public static IHealthChecksBuilder AddGatewayAmqp(this IHealthChecksBuilder builder, string name, AmqpHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name,
            sp => new AmqpHealthCheck(options, sp.GetRequiredService<TimeProvider>()),
            failureStatus,
            tags,
            options.Timeout));
}
