using System.Data.Common;
using System.Globalization;

namespace HealthGateway.Checks.Core.Assertions;

/// <summary>
/// The <c>Query</c> / <c>Expect</c> assertion shared by the SQL kinds: the first column of the first row must equal
/// <c>Expect</c> as text; without <c>Expect</c> the query must return a row. One place, so postgres and mysql judge
/// and describe it the same way: <c>query returned "0", expected "1"</c>, <c>query returned no row</c>.
/// </summary>
public static class QueryExpectation
{
    /// <summary>The description of a query that passed.</summary>
    public static string Passed(string elapsed) => $"query in {elapsed}";

    /// <summary>
    /// Reads the first row of <paramref name="reader"/> and judges it against <paramref name="expect"/>; null when
    /// the assertion holds, otherwise what was seen instead, without the target.
    /// </summary>
    /// <param name="reader">The query's result.</param>
    /// <param name="expect">The text the first value must equal; null when any row will do.</param>
    /// <param name="redact">Masks secrets in the value seen before it is shortened (the gateway's <c>SecretRedactor.Redact</c>).</param>
    /// <param name="cancellationToken">The check's budget.</param>
    public static async Task<string?> JudgeAsync(DbDataReader reader, string? expect, Func<string, string>? redact, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return expect is null ? "query returned no row" : $"query returned no row, expected {AssertionText.Quote(expect)}";
        }

        if (reader.FieldCount == 0)
        {
            return "query returned no column";
        }

        return Judge(reader.IsDBNull(0) ? null : reader.GetValue(0), expect, redact);
    }

    /// <summary>Judges a first value already read; null when it passes.</summary>
    public static string? Judge(object? value, string? expect, Func<string, string>? redact = null)
    {
        var text = Text(value);
        return expect is null || string.Equals(text, expect, StringComparison.Ordinal)
            ? null
            : $"query returned {AssertionText.Quote(text, redact)}, expected {AssertionText.Quote(expect)}";
    }

    /// <summary>
    /// A database value as the text <c>Expect</c> is compared with: invariant culture, <c>true</c>/<c>false</c> for
    /// booleans (as SQL writes them, not .NET's <c>True</c>), null for SQL NULL.
    /// </summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        bool flag => flag ? "true" : "false",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The description of a query the read-only transaction stopped from writing.</summary>
    public const string TriedToWrite = "the query tried to write (read-only transaction)";

    /// <summary>
    /// Validates a <c>Query</c>/<c>Expect</c> pair at start, reporting each problem as (field, message): the query
    /// must be one statement in <paramref name="dialect"/> (a second one would run too, with the gateway's rights),
    /// and <c>Expect</c> needs a query.
    /// </summary>
    public static void Check(string? query, string? expect, SqlDialect dialect, Action<string, string> problem)
    {
        if (query is null)
        {
            if (expect is not null)
            {
                problem("Expect", "needs a Query; expected for example Query: SELECT count(*) FROM schema_migrations");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            problem("Query", "is empty; expected one SQL statement such as SELECT 1");
        }
        else if (!SqlStatementScanner.IsOneStatement(query, dialect))
        {
            problem("Query", "must be one SQL statement; a ';' outside quotes and comments is followed by more");
        }
    }
}
