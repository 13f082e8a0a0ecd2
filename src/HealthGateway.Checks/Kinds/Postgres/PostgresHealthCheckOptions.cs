using HealthGateway.Checks.Core.Assertions;

namespace HealthGateway.Checks.Kinds.Postgres;

/// <summary>Where a <see cref="PostgresHealthCheck"/> connects and how long it may take.</summary>
public sealed class PostgresHealthCheckOptions
{
    /// <summary>An Npgsql connection string. Never shown: it may hold a password.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The whole check's budget; also bounds Npgsql's own connect and command timeouts.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>host:port, safe to show.</summary>
    public required string Target { get; init; }

    /// <summary>One SQL statement to run instead of <c>SELECT 1</c>, judged by <see cref="QueryExpectation"/>; null for <c>SELECT 1</c>.</summary>
    public string? Query { get; init; }

    /// <summary>The text the query's first value must equal; null when any row will do.</summary>
    public string? Expect { get; init; }
}
