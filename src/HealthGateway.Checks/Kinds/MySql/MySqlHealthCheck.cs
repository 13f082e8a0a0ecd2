using HealthGateway.Checks.Core.Assertions;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Secrets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace HealthGateway.Checks.Kinds.MySql;

/// <summary>
/// Opens a connection to MySQL or MariaDB and runs <c>SELECT 1</c>, or the configured query whose first value must
/// equal <see cref="MySqlHealthCheckOptions.Expect"/>. Failures are said in words: "authentication failed",
/// "database does not exist: app", "connection refused (db:3306)"; never the password.
/// </summary>
public sealed class MySqlHealthCheck(MySqlHealthCheckOptions options, TimeProvider time, SecretRedactor? redactor = null) : IHealthCheck
{
    private readonly string _connectionString = BuildConnectionString(options);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            await using var connection = new MySqlConnection(_connectionString);
            await connection.OpenAsync(linked.Token);
            if (options.Query is not { } query)
            {
                await using var ping = new MySqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(linked.Token);
                return HealthCheckResult.Healthy($"SELECT 1 in {Durations.Millis(time.GetElapsedTime(started))}");
            }

            // START TRANSACTION READ ONLY, rolled back: a query that would write (INSERT, UPDATE …) is refused by the
            // server and leaves nothing behind. The session is read-only too: DDL (CREATE TABLE) commits the open
            // transaction implicitly and would run outside it, as would anything after a COMMIT. The session setting
            // is undone when the pool resets the connection.
            await using (var readOnly = new MySqlCommand("SET SESSION TRANSACTION READ ONLY", connection))
            {
                await readOnly.ExecuteNonQueryAsync(linked.Token);
            }

            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Unspecified, isReadOnly: true, linked.Token);
            await using var command = new MySqlCommand(query, connection, transaction);
            string? failure;
            await using (var reader = await command.ExecuteReaderAsync(linked.Token))
            {
                // The same judgement and words as postgres: one QueryExpectation for the SQL kinds.
                failure = await QueryExpectation.JudgeAsync(reader, options.Expect, redactor is null ? null : redactor.Redact, linked.Token);

                // MySQL runs every statement of a query; a second one that slipped past the start-up scan is reported
                // (and its write, refused by the read-only session, surfaces here as that error).
                if (await reader.NextResultAsync(linked.Token))
                {
                    failure ??= "the query ran more than one statement";
                }
            }

            var elapsed = Durations.Millis(time.GetElapsedTime(started));
            await transaction.RollbackAsync(linked.Token);
            return failure is not null
                ? new HealthCheckResult(context.Registration.FailureStatus, $"{failure} ({options.Target})")
                : HealthCheckResult.Healthy(QueryExpectation.Passed(elapsed));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var description = budget.IsCancellationRequested
                ? $"timed out after {Durations.Format(options.Timeout)} ({options.Target})"
                : exception is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost, InnerException: null }
                    ? await DiagnoseConnectAsync(linked.Token)
                    : exception is MySqlProtocolException && await NotMySqlAsync(linked.Token) is { } notMySql
                        ? notMySql
                        : Describe(exception, options.Target);
            return new HealthCheckResult(context.Registration.FailureStatus, description);
        }
    }

    // MySqlConnector says only "Unable to connect to any of the specified MySQL hosts"; one TCP connect within
    // the budget says whether the port refused, the name did not resolve, or the host could not be reached.
    private async Task<string> DiagnoseConnectAsync(CancellationToken ct)
    {
        var builder = new MySqlConnectionStringBuilder(_connectionString);
        var host = builder.Server.Split(',')[0].Trim();
        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(host, (int)builder.Port, ct);
            return $"cannot connect: the port accepts TCP but the MySQL handshake failed ({options.Target})";
        }
        catch (System.Net.Sockets.SocketException socket)
        {
            return FailureDescriber.Describe(socket, options.Target);
        }
        catch (OperationCanceledException)
        {
            return $"timed out after {Durations.Format(options.Timeout)} ({options.Target})";
        }
    }

    // "Packet received out-of-order. Expected 0; got 45" is MySqlConnector reading "SSH-" as a packet header. What
    // the peer says on connect tells what it is; a MySQL greeting (sequence 0, protocol 10, or an error packet) is
    // left to the client's own words.
    private async Task<string?> NotMySqlAsync(CancellationToken ct)
    {
        var builder = new MySqlConnectionStringBuilder(_connectionString);
        var answer = await PeerProbe.FirstAnswerAsync(builder.Server.Split(',')[0].Trim(), (int)builder.Port, ReadOnlyMemory<byte>.Empty, ct);
        return answer switch
        {
            null => null,
            { Length: 0 } => $"not a MySQL server (the connection was closed at once) ({options.Target})",
            { Length: >= 5 } when answer[3] == 0 && answer[4] is 10 or 0xFF => null,
            _ => $"not a MySQL server (it answered {PeerProbe.Quote(answer)}) ({options.Target})",
        };
    }

    /// <summary>Describes a MySqlConnector failure against <paramref name="target"/> by its error code, in plain words.</summary>
    public static string Describe(Exception exception, string target)
    {
        var suffix = $" ({target})";
        if (exception is not MySqlException mysql)
        {
            return FailureDescriber.Describe(exception, target);
        }

        return mysql.ErrorCode switch
        {
            MySqlErrorCode.AccessDenied => $"authentication failed{suffix}",
            // MySQL says this, not "unknown database", to a user with no rights on a database that may not exist.
            MySqlErrorCode.DatabaseAccessDenied => $"access denied to database (or it does not exist): {LastQuotedName(mysql.Message)}{suffix}",
            MySqlErrorCode.UnknownDatabase => $"database does not exist: {QuotedName(mysql.Message)}{suffix}",
            MySqlErrorCode.UnableToConnectToHost => mysql.InnerException is { } inner
                ? FailureDescriber.Describe(inner, target)
                : $"cannot connect{suffix}",
            MySqlErrorCode.ConnectionCountError or MySqlErrorCode.TooManyUserConnections => $"too many connections{suffix}",
            MySqlErrorCode.HostNotPrivileged => $"this host may not connect{suffix}",
            MySqlErrorCode.HostIsBlocked => $"this host is blocked after too many connection errors{suffix}",
            MySqlErrorCode.ServerShutdown => $"server is shutting down{suffix}",
            MySqlErrorCode.NoSuchTable => $"table does not exist: {QuotedName(mysql.Message)}{suffix}",
            MySqlErrorCode.ParseError => $"query is not valid SQL{suffix}",
            MySqlErrorCode.BadFieldError => $"unknown column: {QuotedName(mysql.Message)}{suffix}",
            MySqlErrorCode.CommandTimeoutExpired => $"query timed out{suffix}",
            MySqlErrorCode.CannotExecuteInReadOnlyTransaction => $"{QueryExpectation.TriedToWrite}{suffix}",
            _ when mysql.InnerException is { } inner => FailureDescriber.Describe(inner, target),
            _ => $"MySQL error {(int)mysql.ErrorCode} ({mysql.ErrorCode}){suffix}",
        };
    }

    // Server messages quote names: "Unknown database 'app'", "Table 'app.t' doesn't exist". The name, not the rest.
    private static string QuotedName(string message)
    {
        var first = message.IndexOf('\'', StringComparison.Ordinal);
        var next = first >= 0 ? message.IndexOf('\'', first + 1) : -1;
        return next > first ? message[(first + 1)..next] : message;
    }

    // "Access denied for user 'u'@'%' to database 'app'": the last quoted name is the database.
    private static string LastQuotedName(string message)
    {
        var last = message.LastIndexOf('\'');
        var first = last > 0 ? message.LastIndexOf('\'', last - 1) : -1;
        return first >= 0 ? message[(first + 1)..last] : message;
    }

    // Connect and command timeouts (15 s and 30 s by default) cut to a second past the budget: the budget's own
    // cancellation ends the check first and is said as a timeout, and an abandoned attempt does not linger. A small
    // pool, since the check runs one connection at a time.
    private static string BuildConnectionString(MySqlHealthCheckOptions options)
    {
        var seconds = (uint)Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds) + 1);
        var builder = new MySqlConnectionStringBuilder(options.ConnectionString)
        {
            ConnectionTimeout = seconds,
            DefaultCommandTimeout = seconds,
            CancellationTimeout = -1,
        };
        builder.MaximumPoolSize = Math.Min(builder.MaximumPoolSize, 10);
        builder.ApplicationName ??= "HealthGateway";
        return builder.ConnectionString;
    }
}
