using Npgsql;
using HealthGateway.Testing;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// Counts the statements PostgreSQL itself logs for one database. pg_stat_database.xact_commit would be the
/// obvious counter, but a backend that stays connected between checks (Npgsql's pool) flushes its statistics
/// too rarely to count against a 2 s poll; the statement log is exact.
/// </summary>
internal sealed class PostgresStatementLog
{
    private readonly string _file;

    private PostgresStatementLog(string file) => _file = file;

    /// <summary>
    /// Creates <paramref name="database"/> with <c>log_statement = all</c>, turns on PostgreSQL's log collector
    /// into a scratch directory (prefix: database name) and restarts the server for it to take effect.
    /// </summary>
    public static async Task<PostgresStatementLog> EnableAsync(PostgresServer postgres, string database)
    {
        var directory = Directory.CreateTempSubdirectory("healthgateway-bench-pglog-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            // PostgreSQL runs as the postgres user when we are root (it refuses root).
            using var chown = System.Diagnostics.Process.Start("chown", ["postgres:", directory]);
            await chown.WaitForExitAsync();
        }

        await postgres.CreateDatabaseAsync(database);
        var admin = new NpgsqlConnectionStringBuilder(postgres.ConnectionStringFor("postgres")) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "ALTER SYSTEM SET logging_collector = on",
                $"ALTER SYSTEM SET log_directory = '{directory}'",
                "ALTER SYSTEM SET log_filename = 'postgresql.log'",
                "ALTER SYSTEM SET log_line_prefix = '%d '",
                $"ALTER DATABASE \"{database}\" SET log_statement = 'all'",
            })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        await postgres.StopAsync();
        await postgres.StartAgainAsync();
        return new PostgresStatementLog(Path.Combine(directory, "postgresql.log"));
    }

    /// <summary>Logged statements in <paramref name="database"/> that contain <paramref name="text"/>.</summary>
    public long Count(string database, string text)
    {
        if (!File.Exists(_file))
        {
            return 0;
        }

        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var prefix = database + " ";
        long count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains("statement: " + text, StringComparison.Ordinal)
                || line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains(": " + text, StringComparison.Ordinal) && line.Contains("execute", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
