using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Npgsql;

namespace HealthGateway.Api.Tests.Kinds.Postgres;

/// <summary>Query and Expect against a real PostgreSQL server, including the schema_migrations recipe end to end.</summary>
public sealed class PostgresAssertionTests
{
    private const string MigrationQuery = "SELECT count(*) FROM schema_migrations WHERE version = '20261201_add_users'";

    [Fact]
    public async Task TheMigrationsRecipeWaitsForTheTableThenTheRowThenIsHealthy()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("migrations_app");
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("migrated", "postgres", connectionString, critical: true, fields: [("Query", MigrationQuery), ("Expect", "1")])
            .StartAsync();
        var target = $"127.0.0.1:{server.Port}";

        var noTable = await gateway.WaitForReadinessAsync(b => b.HasEntry("migrated"));
        Assert.Equal("Unhealthy", noTable.EntryStatus("migrated"));
        Assert.Equal($"query failed: relation \"schema_migrations\" does not exist ({target})", noTable.EntryDescription("migrated"));

        await ExecuteAsync(connectionString, "CREATE TABLE schema_migrations (version text PRIMARY KEY)");
        var (status, noRow) = await gateway.GetJsonAsync("/health/ready?fresh=true");
        Assert.Equal(503, status);
        Assert.Equal($"query returned \"0\", expected \"1\" ({target})", noRow.EntryDescription("migrated"));

        await ExecuteAsync(connectionString, "INSERT INTO schema_migrations VALUES ('20261201_add_users')");
        var (readyStatus, migrated) = await gateway.GetJsonAsync("/health/ready?fresh=true");
        Assert.Equal(200, readyStatus);
        Assert.Equal("Healthy", migrated.EntryStatus("migrated"));
        Assert.StartsWith("query in ", migrated.EntryDescription("migrated"));
        Assert.DoesNotContain(server.Password, migrated.ToString());
    }

    [Fact]
    public async Task AQueryWithoutExpectNeedsARowAndNullAndTextAreQuoted()
    {
        await using var server = await PostgresServer.StartAsync();
        var services = new[] { "anyRow", "noRow", "null", "text", "boolean" };
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("anyRow", "postgres", server.ConnectionString, fields: ("Query", "SELECT 'anything'"))
            .Service("noRow", "postgres", server.ConnectionString, fields: ("Query", "SELECT 1 WHERE false"))
            .Service("null", "postgres", server.ConnectionString, fields: [("Query", "SELECT NULL"), ("Expect", "ready")])
            .Service("text", "postgres", server.ConnectionString, fields: [("Query", "SELECT 'DOWN';"), ("Expect", "UP")])
            .Service("boolean", "postgres", server.ConnectionString, fields: [("Query", "SELECT true"), ("Expect", "true")])
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries(services));

        var target = $"127.0.0.1:{server.Port}";
        Assert.Equal("Healthy", body.EntryStatus("anyRow"));
        Assert.Equal($"query returned no row ({target})", body.EntryDescription("noRow"));
        Assert.Equal($"query returned NULL, expected \"ready\" ({target})", body.EntryDescription("null"));
        Assert.Equal($"query returned \"DOWN\", expected \"UP\" ({target})", body.EntryDescription("text"));
        Assert.Equal("Healthy", body.EntryStatus("boolean"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
