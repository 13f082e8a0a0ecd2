using HealthGateway.Checks.Kinds.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PostgresHealthCheck"/>s.</summary>
public static class PostgresHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL check named <paramref name="name"/> over one <see cref="NpgsqlDataSource"/> for that
    /// service (a keyed singleton, disposed with the host), so polling reuses pooled connections.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayPostgres(this IHealthChecksBuilder builder, string name, PostgresHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var key = $"healthgateway:postgres:{name}";
        builder.Services.AddKeyedSingleton(key, (_, _) => PostgresHealthCheck.CreateDataSource(options));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new PostgresHealthCheck(sp.GetRequiredKeyedService<NpgsqlDataSource>(key), options, sp.GetRequiredService<TimeProvider>(), sp.GetService<HealthGateway.Checks.Core.Secrets.SecretRedactor>()),
            failureStatus,
            tags,
            options.Timeout));
    }
}
