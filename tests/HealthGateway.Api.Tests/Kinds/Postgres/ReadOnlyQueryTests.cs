using HealthGateway.Checks.Kinds.MySql;
using HealthGateway.Checks.Kinds.Postgres;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using Npgsql;

namespace HealthGateway.Api.Tests.Kinds.Postgres;

/// <summary>
/// A configured Query runs in a read-only transaction that is rolled back, against real PostgreSQL and MariaDB: the
/// bypasses of issue 20, handed to the check as if they had slipped past the start-up guard, write nothing.
/// </summary>
public sealed class ReadOnlyQueryTests(ReadOnlyQueryTests.Servers servers) : IClassFixture<ReadOnlyQueryTests.Servers>
{
    public static TheoryData<string> PostgresBypasses => new()
    {
        "SELECT 1 -- '\n; CREATE TABLE pwned(x int); -- '",
        "CREATE TABLE pwned(x int)",
        "SELECT 1 /* ' */ ; CREATE TABLE pwned(x int); SELECT '1'",
        "SELECT 1; COMMIT; CREATE TABLE pwned(x int)",
    };

    public static TheoryData<string> MySqlBypasses => new()
    {
        "SELECT '\\''; CREATE TABLE pwned(x int); SELECT '1'",
        "CREATE TABLE pwned(x int)",
        "SELECT 1; COMMIT; CREATE TABLE pwned(x int)",
    };

    [Theory]
    [MemberData(nameof(PostgresBypasses))]
    public async Task APostgresQueryThatWouldCreateATableCreatesNothing(string query)
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync($"bypass_{Guid.NewGuid():N}");

        var result = await RunPostgresAsync(connectionString, query);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(0L, await PostgresScalarAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'pwned'"));
    }

    [Fact]
    public async Task APostgresInsertReturningIsUnhealthyAndInsertsNothing()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync($"insert_{Guid.NewGuid():N}");
        await PostgresScalarAsync(connectionString, "CREATE TABLE audit (x int)");

        var insert = await RunPostgresAsync(connectionString, "INSERT INTO audit VALUES (1) RETURNING 1");
        var cte = await RunPostgresAsync(connectionString, "WITH w AS (INSERT INTO audit VALUES (2) RETURNING x) SELECT count(*) FROM w");
        var afterwards = await RunPostgresAsync(connectionString, "SELECT count(*) FROM audit", expect: "0");

        var target = $"127.0.0.1:{servers.Postgres.Port}";
        Assert.Equal(HealthStatus.Unhealthy, insert.Status);
        Assert.Equal($"the query tried to write (read-only transaction) ({target})", insert.Description);
        Assert.Equal($"the query tried to write (read-only transaction) ({target})", cte.Description);
        Assert.Equal(HealthStatus.Healthy, afterwards.Status);
        Assert.Equal(0L, await PostgresScalarAsync(connectionString, "SELECT count(*) FROM audit"));
    }

    [Theory]
    [MemberData(nameof(MySqlBypasses))]
    public async Task AMySqlQueryThatWouldCreateATableCreatesNothing(string query)
    {
        var database = $"bypass_{Guid.NewGuid():N}"[..20];
        var connectionString = await servers.MariaDb.CreateDatabaseAsync(database);

        var result = await RunMySqlAsync(connectionString, query);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(0L, await MySqlScalarAsync(servers.MariaDb.ConnectionString,
            $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{database}' AND table_name = 'pwned'"));
    }

    [Fact]
    public async Task AMySqlInsertReturningIsUnhealthyAndInsertsNothing()
    {
        var database = $"insert_{Guid.NewGuid():N}"[..20];
        var connectionString = await servers.MariaDb.CreateDatabaseAsync(database);
        await MySqlScalarAsync(connectionString, "CREATE TABLE audit (x int)");

        var insert = await RunMySqlAsync(connectionString, "INSERT INTO audit VALUES (1) RETURNING x");
        var afterwards = await RunMySqlAsync(connectionString, "SELECT COUNT(*) FROM audit", expect: "0");

        Assert.Equal(HealthStatus.Unhealthy, insert.Status);
        Assert.Equal($"the query tried to write (read-only transaction) (127.0.0.1:{servers.MariaDb.Port})", insert.Description);
        Assert.Equal(HealthStatus.Healthy, afterwards.Status);
        Assert.Equal(0L, await MySqlScalarAsync(connectionString, "SELECT COUNT(*) FROM audit"));
    }

    private static async Task<HealthCheckResult> RunPostgresAsync(string connectionString, string query, string? expect = null)
    {
        var options = new PostgresHealthCheckOptions
        {
            ConnectionString = connectionString,
            Query = query,
            Expect = expect,
            Timeout = TimeSpan.FromSeconds(10),
            Target = $"127.0.0.1:{new NpgsqlConnectionStringBuilder(connectionString).Port}",
        };
        await using var dataSource = PostgresHealthCheck.CreateDataSource(options);
        var check = new PostgresHealthCheck(dataSource, options, TimeProvider.System);
        return await check.CheckHealthAsync(CheckContexts.For(check));
    }

    private static async Task<HealthCheckResult> RunMySqlAsync(string connectionString, string query, string? expect = null)
    {
        var check = new MySqlHealthCheck(new MySqlHealthCheckOptions
        {
            ConnectionString = connectionString,
            Query = query,
            Expect = expect,
            Timeout = TimeSpan.FromSeconds(10),
            Target = $"127.0.0.1:{new MySqlConnectionStringBuilder(connectionString).Port}",
        }, TimeProvider.System);
        return await check.CheckHealthAsync(CheckContexts.For(check));
    }

    private static async Task<long> PostgresScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task<long> MySqlScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public sealed class Servers : IAsyncLifetime
    {
        public PostgresServer Postgres { get; private set; } = null!;

        public MariaDbServer MariaDb { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Postgres = await PostgresServer.StartAsync();
            MariaDb = await MariaDbServer.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Postgres.DisposeAsync();
            await MariaDb.DisposeAsync();
        }
    }
}
