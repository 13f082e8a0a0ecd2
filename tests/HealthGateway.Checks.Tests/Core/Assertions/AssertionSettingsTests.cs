using HealthGateway.Checks.Tests.Composition.Validation;

namespace HealthGateway.Checks.Tests.Core.Assertions;

/// <summary>Assertion settings are validated at start: a bad one stops the gateway naming the service and the field.</summary>
public sealed class AssertionSettingsTests
{
    private static IReadOnlyList<string> ErrorsFor(params (string Field, string? Value)[] fields) =>
        TestConfiguration.Read(TestConfiguration.Service("api", fields)).Errors;

    [Fact]
    public void ABadRegularExpressionNamesTheServiceAndField()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "http"), ("Url", "http://api/health"), ("ExpectBody", "status\":(UP")));

        Assert.StartsWith("HealthGateway:Services:api:ExpectBody: is not a valid .NET regular expression: ", error);
    }

    [Theory]
    [InlineData("checks[x].ready")]
    [InlineData("checks..ready")]
    [InlineData("checks[0]ready")]
    public void ABadJsonPathIsRefused(string path)
    {
        var error = Assert.Single(ErrorsFor(("Kind", "http"), ("Url", "http://api/health"), ($"ExpectJson:{path}", "true")));

        Assert.Equal($"HealthGateway:Services:api:ExpectJson:{path}: is not a path such as status or checks[0].ready", error);
    }

    [Fact]
    public void EveryHttpAssertionIsAKnownSetting()
    {
        Assert.Empty(ErrorsFor(("Kind", "http"), ("Url", "http://api/health"), ("ExpectBody", "UP"), ("ExpectJson:checks[0].ready", "true"),
            ("ExpectJson:status", "UP"), ("ExpectHeaders:Content-Type", "json")));
    }

    // Both SQL kinds share one QueryExpectation, so they refuse the same settings in the same words.
    [Theory]
    [InlineData("postgres", "Host=db;Username=u")]
    [InlineData("mysql", "Server=db;User ID=u")]
    public void ExpectWithoutQueryIsRefused(string kind, string connectionString)
    {
        var error = Assert.Single(ErrorsFor(("Kind", kind), ("ConnectionString", connectionString), ("Expect", "1")));

        Assert.StartsWith("HealthGateway:Services:api:Expect: needs a Query", error);
    }

    [Theory]
    [InlineData("postgres", "Host=db;Username=u")]
    [InlineData("mysql", "Server=db;User ID=u")]
    public void TwoStatementsInAQueryAreRefusedButASemicolonInAStringIsNot(string kind, string connectionString)
    {
        var error = Assert.Single(ErrorsFor(("Kind", kind), ("ConnectionString", connectionString), ("Query", "SELECT 1; DROP TABLE users")));
        Assert.Equal("HealthGateway:Services:api:Query: must be one SQL statement; a ';' outside quotes and comments is followed by more", error);

        Assert.Empty(ErrorsFor(("Kind", kind), ("ConnectionString", connectionString), ("Query", "SELECT ';' ;"), ("Expect", ";")));
    }

    // The bypasses of issue 20: a ';' the old guard took for quoted text, because it knew neither comments nor escapes.
    [Theory]
    [InlineData("postgres", "Host=db;Username=u", "SELECT 1 -- '\n; CREATE TABLE pwned(x int); -- '")]
    [InlineData("postgres", "Host=db;Username=u", "SELECT E'\\''; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("mysql", "Server=db;User ID=u", "SELECT '\\''; CREATE TABLE pwned(x int); SELECT '1'")]
    [InlineData("mysql", "Server=db;User ID=u", "SELECT 1 # '\n; CREATE TABLE pwned(x int); # '")]
    public void ASecondStatementBehindACommentOrAnEscapedQuoteIsRefusedAtStart(string kind, string connectionString, string query)
    {
        var error = Assert.Single(ErrorsFor(("Kind", kind), ("ConnectionString", connectionString), ("Query", query)));

        Assert.Equal("HealthGateway:Services:api:Query: must be one SQL statement; a ';' outside quotes and comments is followed by more", error);
    }

    [Fact]
    public void ExpectKeysAreKnownAndAnEmptyOneIsRefused()
    {
        Assert.Empty(ErrorsFor(("Kind", "redis"), ("ConnectionString", "localhost:6379"), ("ExpectKeys:0", "seed:done")));
        var error = Assert.Single(ErrorsFor(("Kind", "redis"), ("ConnectionString", "localhost:6379"), ("ExpectKeys:0", "")));
        Assert.StartsWith("HealthGateway:Services:api:ExpectKeys:0: is empty", error);
    }
}
