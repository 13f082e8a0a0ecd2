namespace HealthGateway.Checks.Core.Assertions;

/// <summary>The SQL a configured <c>Query</c> is written in, for <see cref="SqlStatementScanner"/>.</summary>
public enum SqlDialect
{
    /// <summary>PostgreSQL: nested comments, dollar quotes, <c>E''</c> strings.</summary>
    PostgreSql,

    /// <summary>MySQL and MariaDB: <c>#</c> comments, executable comments, backticks, backslash escapes.</summary>
    MySql,
}
