using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Npgsql;

namespace HealthGateway.Api.Tests.Kinds.Postgres;

/// <summary>A real PostgreSQL server process, checked through the gateway in each way it can fail.</summary>
public sealed class PostgresCheckTests(PostgresCheckTests.Environment environment) : IClassFixture<PostgresCheckTests.Environment>
{
    [Fact]
    public void AReachableDatabaseIsHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("SELECT 1 in ", environment.Body.EntryDescription("ok"));
    }

    [Fact]
    public void AWrongPasswordIsAnAuthenticationFailureWithoutThePassword()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongPassword"));
        Assert.Equal($"authentication failed (127.0.0.1:{environment.Server.Port})", environment.Body.EntryDescription("wrongPassword"));
        Assert.DoesNotContain("not-the-password", environment.Body.ToString());
        Assert.DoesNotContain(environment.Server.Password, environment.Body.ToString());
    }

    [Fact]
    public void AMissingDatabaseIsNamedAsSuch()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("missingDb"));
        Assert.StartsWith("database does not exist", environment.Body.EntryDescription("missingDb"));
    }

    [Fact]
    public void ARefusedPortIsReportedAsRefused()
    {
        Assert.StartsWith("connection refused (127.0.0.1:", environment.Body.EntryDescription("refused"));
    }

    [Fact]
    public void ABlackholedServerCostsTheTimeoutNotNpgsqlsFifteenSeconds()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void GarbageOnThePortIsNotAPostgresServerInPlainWords()
    {
        var description = environment.Body.EntryDescription("garbage");

        Assert.Equal("Unhealthy", environment.Body.EntryStatus("garbage"));
        Assert.Equal($"not a PostgreSQL server (unexpected reply to the connection request) (127.0.0.1:{environment.Garbage.Port})", description);
        Assert.DoesNotContain("Exception", description, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", environment.Body.Entry("garbage").GetProperty("description").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(description, char.IsControl);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public PostgresServer Server { get; private set; } = null!;

        public GarbageServer Garbage { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(await PostgresServer.StartAsync());
            var blackhole = Own(BlackholeServer.Start());
            Garbage = Own(GarbageServer.Start());
            var wrongPassword = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Password = "not-the-password" }.ConnectionString;
            var settings = new GatewaySettings()
                .Service("ok", "postgres", Server.ConnectionString)
                .Service("wrongPassword", "postgres", wrongPassword)
                .Service("missingDb", "postgres", Server.ConnectionStringFor("no_such_database"))
                .Service("refused", "postgres", $"Host=127.0.0.1;Port={RefusedPort.Get()};Username=postgres;Password=x")
                .Service("blackhole", "postgres", $"Host=127.0.0.1;Port={blackhole.Port};Username=postgres;Password=x", fields: ("Timeout", "00:00:01"))
                .Service("garbage", "postgres", $"Host=127.0.0.1;Port={Garbage.Port};Username=postgres;Password=x");
            return (settings, ["ok", "wrongPassword", "missingDb", "refused", "blackhole", "garbage"]);
        }
    }
}
