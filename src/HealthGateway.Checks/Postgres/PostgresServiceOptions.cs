namespace HealthGateway.Checks.Postgres;

/// <summary>The settings of a <c>postgres</c> service, besides the common ones.</summary>
public sealed class PostgresServiceOptions
{
    /// <summary>An Npgsql connection string such as <c>Host=db;Username=postgres</c>. Never quoted: it may hold a password.</summary>
    public string? ConnectionString { get; set; }
}
