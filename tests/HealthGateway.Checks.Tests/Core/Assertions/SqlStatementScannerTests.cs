using HealthGateway.Checks.Core.Assertions;

namespace HealthGateway.Checks.Tests.Core.Assertions;

/// <summary>The one-statement guard lexes a query as the server would: a ';' in a comment or a string is not a statement end.</summary>
public sealed class SqlStatementScannerTests
{
    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT 1; -- done")]
    [InlineData("SELECT 1 ; /* done */ ;")]
    [InlineData("SELECT ';' AS semi")]
    [InlineData("SELECT 'it''s; fine'")]
    [InlineData("SELECT \"odd;name\" FROM t")]
    [InlineData("SELECT 1 -- ; not a statement")]
    [InlineData("SELECT 1 /* outer /* inner; */ still a comment; */")]
    [InlineData("SELECT $$a;b$$")]
    [InlineData("SELECT $body$ it's; $$ still inside $body$")]
    [InlineData("SELECT E'it\\'s; fine'")]
    [InlineData("SELECT count(*) FROM schema_migrations WHERE version = '20261201_add_users'")]
    public void PostgresStatementsThatAreOneAreAccepted(string query) =>
        Assert.True(SqlStatementScanner.IsOneStatement(query, SqlDialect.PostgreSql), query);

    [Theory]
    [InlineData("SELECT 1; DROP TABLE users")]
    [InlineData("SELECT 1 -- '\n; CREATE TABLE pwned(x int); -- '")]
    [InlineData("SELECT 1 -- '\r; CREATE TABLE pwned(x int); -- '")]
    [InlineData("SELECT 1 /* ' */ ; CREATE TABLE pwned(x int); -- '")]
    [InlineData("SELECT 1 /* a /* b */ ' */ ; CREATE TABLE pwned(x int)")]
    [InlineData("SELECT $$'$$; CREATE TABLE pwned(x int); SELECT '$$'")]
    [InlineData("SELECT $t$ $$ $t$; CREATE TABLE pwned(x int)")]
    [InlineData("SELECT 1 AS x$a$; CREATE TABLE pwned(x int); SELECT $a$")]
    [InlineData("SELECT E'\\''; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("SELECT '\\''; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("SELECT 'a\\'; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("SELECT $1; CREATE TABLE pwned(x int)")]
    [InlineData("SELECT 1; COMMIT")]
    public void PostgresSecondStatementsAreFound(string query) =>
        Assert.False(SqlStatementScanner.IsOneStatement(query, SqlDialect.PostgreSql), query);

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("SELECT ';' AS semi;")]
    [InlineData("SELECT 'it''s; fine'")]
    [InlineData("SELECT `odd;name` FROM t")]
    [InlineData("SELECT 1 # ; a comment")]
    [InlineData("SELECT 1 -- ; a comment")]
    [InlineData("SELECT COUNT(*) FROM schema_migrations WHERE version = '20261201'")]
    public void MySqlStatementsThatAreOneAreAccepted(string query) =>
        Assert.True(SqlStatementScanner.IsOneStatement(query, SqlDialect.MySql), query);

    [Theory]
    [InlineData("SELECT '\\''; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("SELECT \"\\\"\"; CREATE TABLE pwned(x int); SELECT \"1\"")]
    [InlineData("SELECT 'a\\'; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("SELECT 1 # '\n; CREATE TABLE pwned(x int); # '")]
    [InlineData("SELECT 1--1; CREATE TABLE pwned(x int)")]
    [InlineData("SELECT 1 /*! ; CREATE TABLE pwned(x int) */")]
    [InlineData("SELECT 1 /*M! ; CREATE TABLE pwned(x int) */")]
    [InlineData("SELECT 1 /* /* */ ; CREATE TABLE pwned(x int) */")]
    [InlineData("SELECT `a``;`; CREATE TABLE pwned(x int)")]
    public void MySqlSecondStatementsAreFound(string query) =>
        Assert.False(SqlStatementScanner.IsOneStatement(query, SqlDialect.MySql), query);
}
