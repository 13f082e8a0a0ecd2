using HealthGateway.Checks.Kinds.MySql;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MySqlHealthCheck"/>s.</summary>
public static class MySqlHealthCheckBuilderExtensions
{
    /// <summary>Adds a MySQL/MariaDB check named <paramref name="name"/>; MySqlConnector pools its connections by connection string.</summary>
    public static IHealthChecksBuilder AddGatewayMySql(this IHealthChecksBuilder builder, string name, MySqlHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name,
            sp => new MySqlHealthCheck(options, sp.GetRequiredService<TimeProvider>(), sp.GetService<HealthGateway.Checks.Core.Secrets.SecretRedactor>()),
            failureStatus,
            tags,
            options.Timeout));
}
