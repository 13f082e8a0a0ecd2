namespace HealthGateway.Checks.Kinds.MySql;

/// <summary>Where a <see cref="MySqlHealthCheck"/> connects, what it asks, and how long it may take.</summary>
public sealed class MySqlHealthCheckOptions
{
    /// <summary>A MySqlConnector connection string. Never shown: it may hold a password.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>One SQL statement run instead of <c>SELECT 1</c>; it must return a row.</summary>
    public string? Query { get; init; }

    /// <summary>With <see cref="Query"/>: the text the first column of the first row must equal.</summary>
    public string? Expect { get; init; }

    /// <summary>The whole check's budget; also bounds MySqlConnector's connect and command timeouts.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>host:port, safe to show.</summary>
    public required string Target { get; init; }
}
