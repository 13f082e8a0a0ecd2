namespace HealthGateway.Checks.Tests.Composition.Validation;

/// <summary>A key no setting reads is refused, so a typo cannot quietly change what the gate checks.</summary>
public sealed class UnknownSettingTests
{
    private static IReadOnlyList<string> ErrorsFor(string kind, string url, params (string Field, string? Value)[] fields) =>
        TestConfiguration.Read(TestConfiguration.Service("backend_api", [("Kind", kind), ("Url", url), .. fields])).Errors;

    [Theory]
    [InlineData("Critcal", "true", "Critical")]
    [InlineData("Timout", "00:00:01", "Timeout")]
    [InlineData("critcal", "true", "Critical")]
    [InlineData("ExpectedStatusCode", "200", "ExpectedStatusCodes")]
    [InlineData("Header:Authorization", "x", "Headers")]
    public void AMistypedKeyIsRefusedWithTheNearestKnownOne(string key, string value, string suggestion)
    {
        var error = Assert.Single(ErrorsFor("http", "http://api/health", (key, value)));

        Assert.Equal($"HealthGateway:Services:backend_api:{key.Split(':')[0]}: unknown setting; did you mean {suggestion}?", error);
    }

    [Fact]
    public void AKeyNothingResemblesListsWhatTheKindKnows()
    {
        var error = Assert.Single(ErrorsFor("tcp", "h:1", ("Frobnicate", "1")));

        Assert.StartsWith("HealthGateway:Services:backend_api:Frobnicate: unknown setting; tcp services know Kind, ", error);
        Assert.Contains("Url", error);
        Assert.DoesNotContain("did you mean", error);
    }

    [Fact]
    public void AnotherKindsSettingIsUnknownToThisOne()
    {
        var error = Assert.Single(ErrorsFor("tcp", "h:1", ("ConnectionString", "Host=db;Password=never-quoted")));

        Assert.StartsWith("HealthGateway:Services:backend_api:ConnectionString: unknown setting", error);
        Assert.DoesNotContain("never-quoted", error);
    }

    [Fact]
    public void NestedValuesAndEveryCommonAndKindSettingAreKnown()
    {
        var errors = ErrorsFor("websocket", "ws://api/ws",
            ("Headers:X-Anything-At-All", "v"), ("Tags:0", "a"), ("Tags:1", "b"), ("Critical", "true"), ("Timeout", "00:00:03"),
            ("DegradedAfter", "00:00:01"), ("Enabled", "true"), ("FailureThreshold", "2"), ("SuccessThreshold", "2"), ("Retries", "0"),
            ("RetryDelay", "00:00:00"), ("Subprotocol", "chat"), ("SendMessage", "ping"), ("ExpectMessage", "pong"));

        Assert.Empty(errors);
    }

    [Fact]
    public void ADisabledServiceIsNotCheckedForTypos()
    {
        Assert.Empty(ErrorsFor("http", "http://api/health", ("Enabled", "false"), ("Critcal", "true")));
    }
}
