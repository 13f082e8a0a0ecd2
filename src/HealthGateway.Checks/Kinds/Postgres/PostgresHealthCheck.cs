using HealthChecks.NpgSql;
using HealthGateway.Checks.Core.Assertions;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Secrets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace HealthGateway.Checks.Kinds.Postgres;

/// <summary>
/// Runs AspNetCore.HealthChecks.NpgSql's <c>SELECT 1</c> over the service's shared <see cref="NpgsqlDataSource"/>
/// and turns its raw exception into words: "authentication failed", "database does not exist", "connection
/// refused (db:5432)".
/// </summary>
/// <param name="dataSource">The service's shared data source.</param>
/// <param name="options">What to connect to and run.</param>
/// <param name="time">The clock durations are measured with.</param>
/// <param name="redactor">Masks secrets in a value a query returned before the description quotes it; null masks nothing.</param>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, PostgresHealthCheckOptions options, TimeProvider time, SecretRedactor? redactor = null) : IHealthCheck
{
    private readonly NpgSqlHealthCheck _inner = new(new NpgSqlHealthCheckOptions(dataSource));

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (options.Query is { } query)
        {
            return await RunQueryAsync(context, query, started, cancellationToken);
        }

        var result = await _inner.CheckHealthAsync(context, cancellationToken);
        if (result.Status == HealthStatus.Healthy)
        {
            return HealthCheckResult.Healthy($"SELECT 1 in {Durations.Millis(time.GetElapsedTime(started))}");
        }

        if (result.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return new HealthCheckResult(result.Status, result.Exception is { } exception
            ? FailureDescriber.Describe(exception, options.Target)
            : result.Description ?? $"query failed ({options.Target})");
    }

    private async Task<HealthCheckResult> RunQueryAsync(HealthCheckContext context, string query, long started, CancellationToken cancellationToken)
    {
        try
        {
            // A read-only transaction, rolled back, so a query that would write (INSERT … RETURNING, a data-modifying
            // WITH, DDL) writes nothing. A batch command is sent to the server as it is, in one Parse message, and
            // the server itself refuses a second statement there ("cannot insert multiple commands into a prepared
            // statement"); a plain command would be split at each ';' by Npgsql and run piece by piece.
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"), new NpgsqlBatchCommand(query) },
            };
            string? failure;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                failure = await QueryExpectation.JudgeAsync(reader, options.Expect, redactor is null ? null : redactor.Redact, cancellationToken);
            }

            await transaction.RollbackAsync(cancellationToken);
            return failure is not null
                ? new HealthCheckResult(context.Registration.FailureStatus, $"{failure} ({options.Target})")
                : HealthCheckResult.Healthy(QueryExpectation.Passed(Durations.Millis(time.GetElapsedTime(started))));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PostgresException postgres) when (postgres.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{QueryExpectation.TriedToWrite} ({options.Target})");
        }
        catch (PostgresException postgres) when (postgres.SqlState.StartsWith("42", StringComparison.Ordinal) || postgres.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 42 (a missing table or column, bad syntax, no permission) and 22 (bad data) are the query's own
            // fault, not the server's: say what PostgreSQL said, which names the relation or column.
            return new HealthCheckResult(context.Registration.FailureStatus, $"query failed: {postgres.MessageText} ({options.Target})");
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, FailureDescriber.Describe(exception, options.Target));
        }
    }

    /// <summary>
    /// Builds the data source for <paramref name="options"/>: Npgsql's connect and command timeouts (15 s and
    /// 30 s by default) are cut to the check's budget, so an abandoned attempt does not linger for long.
    /// The slim builder: <c>SELECT 1</c> needs none of the type plugins (JSON, ranges, records, …) that the full
    /// one roots by reflection, which keeps the native binary small; TLS (<c>SSL Mode</c>) and Kerberos stay on.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(PostgresHealthCheckOptions options)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds));
        var builder = new NpgsqlSlimDataSourceBuilder(options.ConnectionString);
        builder.EnableTransportSecurity();
        builder.EnableIntegratedSecurity();
        builder.ConnectionStringBuilder.Timeout = seconds;
        builder.ConnectionStringBuilder.CommandTimeout = seconds;

        // A cancelled query would otherwise wait for the server to acknowledge the cancel request: a frozen
        // server kept an abandoned check alive for 32 s here. -1 skips that wait.
        builder.ConnectionStringBuilder.CancellationTimeout = -1;
        builder.ConnectionStringBuilder.ApplicationName ??= "HealthGateway";
        builder.ConnectionStringBuilder.MaxPoolSize = Math.Min(builder.ConnectionStringBuilder.MaxPoolSize, 10);
        return builder.Build();
    }
}
