using System.Diagnostics;
using HealthGateway.Checks.Kinds.MySql;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace HealthGateway.Api.Tests.Kinds.MySql;

/// <summary>The mysql check class against a real MariaDB server process, in each way it can fail.</summary>
public sealed class MySqlHealthCheckTests(MySqlHealthCheckTests.Server server) : IClassFixture<MySqlHealthCheckTests.Server>
{
    [Fact]
    public async Task TheFixtureServesTheTestUserOverTcpAndItsSql()
    {
        await using var connection = new MySqlConnection(server.Db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM schema_migrations WHERE version = '20261201'", connection);
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task AReachableServerIsHealthy()
    {
        var result = await RunAsync(server.Db.ConnectionString);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("SELECT 1 in ", result.Description);
    }

    [Fact]
    public async Task AWrongPasswordIsAnAuthenticationFailureWithoutThePassword()
    {
        var result = await RunAsync(server.Db.ConnectionStringFor(server.Db.Database, password: "not-the-password"));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"authentication failed (127.0.0.1:{server.Db.Port})", result.Description);
        Assert.DoesNotContain("not-the-password", result.Description);
    }

    [Fact]
    public async Task AnUnknownDatabaseIsNamed()
    {
        var result = await RunAsync(server.Db.ConnectionStringFor("no_such_database"));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"database does not exist: no_such_database (127.0.0.1:{server.Db.Port})", result.Description);
    }

    [Fact]
    public async Task ARefusedPortIsReportedAsRefused()
    {
        var result = await RunAsync($"Server=127.0.0.1;Port={RefusedPort.Get()};User ID=u;Password=secret-x");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("connection refused (127.0.0.1:", result.Description);
    }

    [Fact]
    public async Task ABlackholedServerCostsTheTimeout()
    {
        await using var blackhole = BlackholeServer.Start();
        var stopwatch = Stopwatch.StartNew();
        var result = await RunAsync($"Server=127.0.0.1;Port={blackhole.Port};User ID=u;Password=secret-x", timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("timed out after 1 s", result.Description);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AQueryWhoseFirstValueEqualsExpectIsHealthy()
    {
        var result = await RunAsync(server.Db.ConnectionString,
            query: "SELECT COUNT(*) FROM schema_migrations WHERE version = '20261201'", expect: "1");
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("query in ", result.Description);
    }

    [Fact]
    public async Task AQueryWithAnotherValueSaysWhatItSaw()
    {
        var result = await RunAsync(server.Db.ConnectionString,
            query: "SELECT COUNT(*) FROM schema_migrations WHERE version = '20991231'", expect: "1");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"query returned \"0\", expected \"1\" (127.0.0.1:{server.Db.Port})", result.Description);
    }

    [Fact]
    public async Task AQueryWithoutExpectMustReturnARow()
    {
        var passing = await RunAsync(server.Db.ConnectionString, query: "SELECT version FROM schema_migrations");
        var failing = await RunAsync(server.Db.ConnectionString, query: "SELECT version FROM schema_migrations WHERE version = 'none'");
        Assert.Equal(HealthStatus.Healthy, passing.Status);
        Assert.Equal(HealthStatus.Unhealthy, failing.Status);
        Assert.Equal($"query returned no row (127.0.0.1:{server.Db.Port})", failing.Description);
    }

    [Fact]
    public async Task AQueryOnAMissingTableNamesTheTable()
    {
        var result = await RunAsync(server.Db.ConnectionString, query: "SELECT 1 FROM no_such_table");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"table does not exist: app.no_such_table (127.0.0.1:{server.Db.Port})", result.Description);
    }

    private Task<HealthCheckResult> RunAsync(string connectionString, string? query = null, string? expect = null, TimeSpan? timeout = null)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var check = new MySqlHealthCheck(new MySqlHealthCheckOptions
        {
            ConnectionString = connectionString,
            Query = query,
            Expect = expect,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Target = $"{builder.Server}:{builder.Port}",
        }, TimeProvider.System);
        return check.CheckHealthAsync(CheckContexts.For(check));
    }

    public sealed class Server : IAsyncLifetime
    {
        public MariaDbServer Db { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Db = await MariaDbServer.StartAsync();
            await Db.ExecuteAsync(
                $"CREATE TABLE `{Db.Database}`.schema_migrations (version VARCHAR(32) PRIMARY KEY); " +
                $"INSERT INTO `{Db.Database}`.schema_migrations VALUES ('20261201');");
        }

        public async Task DisposeAsync() => await Db.DisposeAsync();
    }
}
