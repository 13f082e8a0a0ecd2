using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.MySql;

/// <summary>The <c>mysql</c> kind through a real gateway against a real MariaDB server process, in each way it can fail.</summary>
public sealed class MySqlKindTests(MySqlKindTests.Environment environment) : IClassFixture<MySqlKindTests.Environment>
{
    private const string WrongPassword = "Wr0ng-mysql-pw";

    [Fact]
    public void AReachableServerIsHealthyAndItsTargetIsHostPortAndDatabase()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("SELECT 1 in ", environment.Body.EntryDescription("ok"));
        Assert.Equal($"127.0.0.1:{environment.Server.Port}/app", environment.Body.Entry("ok").GetProperty("data").GetProperty("target").GetString());
    }

    [Fact]
    public void AWrongPasswordIsAnAuthenticationFailure()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongPassword"));
        Assert.Equal($"authentication failed (127.0.0.1:{environment.Server.Port}/app)", environment.Body.EntryDescription("wrongPassword"));
    }

    [Fact]
    public void AnUnknownDatabaseIsNamed()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("missingDb"));
        Assert.StartsWith("database does not exist: no_such_db", environment.Body.EntryDescription("missingDb"));
    }

    [Fact]
    public void ARefusedPortIsReportedAsRefused() =>
        Assert.StartsWith("connection refused (127.0.0.1:", environment.Body.EntryDescription("refused"));

    [Fact]
    public void ABlackholedServerCostsTheTimeout()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void AMigrationsQueryPassesWhenTheVersionIsThereAndFailsSayingWhatItSaw()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("migrated"));
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("notMigrated"));
        Assert.Equal($"query returned \"0\", expected \"1\" (127.0.0.1:{environment.Server.Port}/app)", environment.Body.EntryDescription("notMigrated"));
    }

    [Fact]
    public async Task NeitherPasswordAppearsInResponsesMetricsOrDebugLogs()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, "ok", "wrongPassword", "missingDb");
        Assert.DoesNotContain(environment.Server.Password, shown);
        Assert.DoesNotContain(WrongPassword, shown);
    }

    [Fact]
    public async Task AConnectionStringWithoutServerStopsStartUpNamingServiceAndFieldButNotThePassword()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("db", "mysql", "User ID=app;Password=Start-up-pw9").StartAsync());
        Assert.Contains("HealthGateway:Services:db:ConnectionString: has no Server", error.Message);
        Assert.DoesNotContain("Start-up-pw9", error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public MariaDbServer Server { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(await MariaDbServer.StartAsync());
            await Server.ExecuteAsync(
                $"CREATE TABLE `{Server.Database}`.schema_migrations (version VARCHAR(32) PRIMARY KEY); " +
                $"INSERT INTO `{Server.Database}`.schema_migrations VALUES ('20261201');");
            var blackhole = Own(BlackholeServer.Start());
            var settings = new GatewaySettings()
                .Service("ok", "mysql", Server.ConnectionString)
                .Service("wrongPassword", "mysql", Server.ConnectionStringFor(Server.Database, WrongPassword))
                .Service("missingDb", "mysql", Server.ConnectionStringFor("no_such_db"))
                .Service("refused", "mysql", $"Server=127.0.0.1;Port={RefusedPort.Get()};User ID=app;Password=x")
                .Service("blackhole", "mysql", $"Server=127.0.0.1;Port={blackhole.Port};User ID=app;Password=x", fields: ("Timeout", "00:00:01"))
                .Service("migrated", "mysql", Server.ConnectionString,
                    fields: [("Query", "SELECT count(*) FROM schema_migrations WHERE version = '20261201'"), ("Expect", "1")])
                .Service("notMigrated", "mysql", Server.ConnectionString,
                    fields: [("Query", "SELECT count(*) FROM schema_migrations WHERE version = '20991231'"), ("Expect", "1")]);
            return (settings, ["ok", "wrongPassword", "missingDb", "refused", "blackhole", "migrated", "notMigrated"]);
        }
    }
}
