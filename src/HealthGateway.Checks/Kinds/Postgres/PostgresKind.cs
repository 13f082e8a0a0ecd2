using HealthGateway.Checks.Core.Assertions;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace HealthGateway.Checks.Kinds.Postgres;

/// <summary><c>postgres</c>: open a PostgreSQL connection and run <c>SELECT 1</c>.</summary>
public sealed class PostgresKind : ServiceKind<PostgresServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "postgres";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(PostgresServiceOptions.ConnectionString)];

    /// <inheritdoc />
    public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) => exception switch
    {
        PostgresException postgres => postgres.SqlState switch
        {
            "28P01" or "28000" => $"authentication failed{suffix}",
            "3D000" => $"database does not exist: {postgres.MessageText}{suffix}",
            "57P03" => $"server is starting up or shutting down{suffix}",
            "53300" => $"too many connections{suffix}",
            _ => $"PostgreSQL error {postgres.SqlState}: {postgres.MessageText}{suffix}",
        },
        NpgsqlException { InnerException: { } inner } => describe(inner),

        // Npgsql's words for a peer that answered the SSLRequest or startup message with something else: "Received
        // unknown response \u000b for SSLRequest", "Unknown message code: 72". Neither a type name nor a raw byte helps.
        NpgsqlException npgsql when IsNotPostgres(npgsql.Message) => $"not a PostgreSQL server (unexpected reply to the connection request){suffix}",
        _ => null,
    };

    private static bool IsNotPostgres(string message) =>
        message.Contains("SSLRequest", StringComparison.Ordinal)
        || message.Contains("unknown response", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Unknown message code", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, PostgresServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(PostgresServiceOptions options, Action<string, string> problem)
    {
        QueryExpectation.Check(options.Query, options.Expect, SqlDialect.PostgreSql, problem);
        const string Field = nameof(PostgresServiceOptions.ConnectionString);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problem(Field, "missing; expected an Npgsql connection string such as Host=db;Username=postgres");
            return null;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problem(Field, "has no Host");
                return null;
            }

            return $"{builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            // Npgsql's message quotes the offending text, which may be a password: say only what is wrong.
            problem(Field, "is not a valid Npgsql connection string");
            return null;
        }
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, PostgresServiceOptions options, CheckServices services) =>
        Create(new PostgresHealthCheckOptions
        {
            ConnectionString = options.ConnectionString!,
            Timeout = definition.Timeout,
            Target = definition.Target,
            Query = options.Query,
            Expect = options.Expect,
        }, services);

    // One NpgsqlDataSource per service, so polling reuses pooled connections; disposed with the check.
    private static OwnedCheck Create(PostgresHealthCheckOptions check, CheckServices services)
    {
        var dataSource = PostgresHealthCheck.CreateDataSource(check);
        return new OwnedCheck(new PostgresHealthCheck(dataSource, check, services.Time, services.Redactor), dataSource);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(PostgresServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return [];
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(options.ConnectionString).Password is { Length: > 0 } password ? [password] : [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }
}
