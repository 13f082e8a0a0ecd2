namespace HealthGateway.Checks.Core.Assertions;

/// <summary>
/// Decides whether a configured <c>Query</c> is one SQL statement, by lexing it as the server would: comments
/// (<c>--</c>, <c>/* */</c>, nested in PostgreSQL; <c>#</c> and executable <c>/*! */</c> in MySQL), single- and
/// double-quoted text, PostgreSQL's dollar quotes (<c>$$</c>, <c>$tag$</c>) and <c>E''</c> strings, MySQL's
/// backticks. A <c>;</c> hidden in a comment or a string is not a statement end; one followed by more code is.
/// </summary>
/// <remarks>
/// Whether a backslash escapes a quote depends on the server's settings (<c>standard_conforming_strings</c>,
/// <c>NO_BACKSLASH_ESCAPES</c>), which the gateway cannot see at start. The query is scanned both ways and must be
/// one statement under each: <c>SELECT '\''; CREATE TABLE …; SELECT '1'</c> is two statements when backslashes
/// escape, which is enough to refuse it. Where the scanner is unsure it sees more code, never less, so a doubt
/// refuses a query rather than letting a second statement through. The read-only transaction the check runs in is
/// the other line of defence.
/// </remarks>
public static class SqlStatementScanner
{
    /// <summary>True when <paramref name="query"/> is one statement in <paramref name="dialect"/> (trailing <c>;</c> allowed).</summary>
    public static bool IsOneStatement(string query, SqlDialect dialect) =>
        !HasSecondStatement(query, dialect, backslashEscapes: false) && !HasSecondStatement(query, dialect, backslashEscapes: true);

    private static bool HasSecondStatement(string sql, SqlDialect dialect, bool backslashEscapes)
    {
        var postgres = dialect == SqlDialect.PostgreSql;
        var ended = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && next == '-' && (postgres || i + 2 >= sql.Length || sql[i + 2] <= ' '))
            {
                // MySQL needs a space or control character after "--" ("1--1" is arithmetic there).
                i = LineEnd(sql, i);
                continue;
            }

            if (c == '#' && !postgres)
            {
                i = LineEnd(sql, i);
                continue;
            }

            if (c == '/' && next == '*' && (postgres || !IsExecutableComment(sql, i)))
            {
                i = CommentEnd(sql, i, nested: postgres);
                continue;
            }

            if (c == ';')
            {
                ended = true;
                i++;
                continue;
            }

            // Anything else is code: after a statement's ';' it is a second statement.
            if (ended)
            {
                return true;
            }

            i = SkipCode(sql, i, postgres, backslashEscapes);
        }

        return false;
    }

    // One token of code: a quoted string or identifier as a whole, else one character (an executable MySQL comment's
    // "/*!" is code too: its contents run, so they are scanned as code).
    private static int SkipCode(string sql, int i, bool postgres, bool backslashEscapes)
    {
        var c = sql[i];
        var previous = i > 0 ? sql[i - 1] : ' ';
        switch (c)
        {
            case '\'':
                // E'…' takes backslash escapes whatever the settings; an E that ends a longer word is not a prefix.
                var escapeString = postgres && previous is 'E' or 'e' && (i < 2 || !IsIdentifierChar(sql[i - 2]));
                return QuotedEnd(sql, i, '\'', backslashEscapes || escapeString);
            case '"':
                // A PostgreSQL identifier never takes backslash escapes; a MySQL string may (unless ANSI_QUOTES).
                return QuotedEnd(sql, i, '"', !postgres && backslashEscapes);
            case '`' when !postgres:
                return QuotedEnd(sql, i, '`', backslashes: false);
            case '$' when postgres && !IsIdentifierChar(previous) && DollarTag(sql, i) is { } tag:
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                return close < 0 ? sql.Length : close + tag.Length;
            default:
                return i + 1;
        }
    }

    // "$$" or "$tag$" at i, where a tag is an identifier without '$' that does not start with a digit ("$1" is a parameter).
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && sql[j] != '$')
        {
            var c = sql[j];
            if (!(char.IsLetter(c) || c == '_' || c >= 0x80 || char.IsAsciiDigit(c) && j > i + 1))
            {
                return null;
            }

            j++;
        }

        return j < sql.Length ? sql[i..(j + 1)] : null;
    }

    // The index after the closing quote; a doubled quote ('it''s') stays inside, as does an escaped one when
    // backslashes escape. An unterminated quote runs to the end.
    private static int QuotedEnd(string sql, int i, char quote, bool backslashes)
    {
        var j = i + 1;
        while (j < sql.Length)
        {
            var c = sql[j];
            if (backslashes && c == '\\')
            {
                j += 2;
            }
            else if (c == quote)
            {
                if (j + 1 < sql.Length && sql[j + 1] == quote)
                {
                    j += 2;
                }
                else
                {
                    return j + 1;
                }
            }
            else
            {
                j++;
            }
        }

        return sql.Length;
    }

    // A line comment ends at either line break: where a server reads further, the scanner sees more code, not less.
    private static int LineEnd(string sql, int i)
    {
        var end = sql.IndexOfAny(['\n', '\r'], i);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int CommentEnd(string sql, int i, bool nested)
    {
        var depth = 0;
        var j = i;
        while (j + 1 < sql.Length)
        {
            if (sql[j] == '/' && sql[j + 1] == '*' && (nested || depth == 0))
            {
                depth++;
                j += 2;
            }
            else if (sql[j] == '*' && sql[j + 1] == '/')
            {
                depth--;
                j += 2;
                if (depth == 0)
                {
                    return j;
                }
            }
            else
            {
                j++;
            }
        }

        return sql.Length;
    }

    // MySQL runs the contents of "/*! … */" (and MariaDB of "/*M! … */"): they are code, not a comment.
    private static bool IsExecutableComment(string sql, int i) =>
        i + 2 < sql.Length && (sql[i + 2] == '!' || sql[i + 2] == 'M' && i + 3 < sql.Length && sql[i + 3] == '!');

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c >= 0x80;
}
