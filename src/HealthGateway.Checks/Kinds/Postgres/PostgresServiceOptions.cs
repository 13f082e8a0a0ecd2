namespace HealthGateway.Checks.Kinds.Postgres;

/// <summary>The settings of a <c>postgres</c> service, besides the common ones.</summary>
public sealed class PostgresServiceOptions
{
    /// <summary>An Npgsql connection string such as <c>Host=db;Username=postgres</c>. Never quoted: it may hold a password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>One SQL statement to run instead of <c>SELECT 1</c>; it must return a row.</summary>
    public string? Query { get; set; }

    /// <summary>The text the first column of the first row of <see cref="Query"/> must equal, for example <c>1</c>.</summary>
    public string? Expect { get; set; }
}
