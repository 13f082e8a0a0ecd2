using HealthGateway.Checks.Core.Assertions;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace HealthGateway.Checks.Kinds.MySql;

/// <summary><c>mysql</c>: open a MySQL or MariaDB connection and run <c>SELECT 1</c> or the configured <c>Query</c>.</summary>
public sealed class MySqlKind : ServiceKind<MySqlServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "mysql";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(MySqlServiceOptions.ConnectionString)];

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, MySqlServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(MySqlServiceOptions options, Action<string, string> problem)
    {
        QueryExpectation.Check(string.IsNullOrWhiteSpace(options.Query) ? null : options.Query, options.Expect, SqlDialect.MySql, problem);

        const string Field = nameof(MySqlServiceOptions.ConnectionString);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problem(Field, "missing; expected a MySqlConnector connection string such as Server=db;User ID=app;Password=…;Database=app");
            return null;
        }

        try
        {
            var builder = new MySqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Server))
            {
                problem(Field, "has no Server");
                return null;
            }

            var host = builder.Server.Split(',')[0].Trim();
            return string.IsNullOrEmpty(builder.Database) ? $"{host}:{builder.Port}" : $"{host}:{builder.Port}/{builder.Database}";
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            // MySqlConnector's message may quote the offending text, which may be the password: say only what is wrong.
            problem(Field, "is not a valid MySqlConnector connection string");
            return null;
        }
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, MySqlServiceOptions options, CheckServices services) =>
        new(new MySqlHealthCheck(new MySqlHealthCheckOptions
        {
            ConnectionString = options.ConnectionString!,
            Query = string.IsNullOrWhiteSpace(options.Query) ? null : options.Query,
            Expect = options.Expect,
            Timeout = definition.Timeout,
            Target = definition.Target,
        }, services.Time, services.Redactor));

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(MySqlServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return [];
        }

        try
        {
            return new MySqlConnectionStringBuilder(options.ConnectionString).Password is { Length: > 0 } password ? [password] : [];
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return [];
        }
    }
}
