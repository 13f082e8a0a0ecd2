using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Checks.Tests.Composition.Validation;

public sealed class ServiceDefinitionFactoryTests
{
    private static IReadOnlyList<string> ErrorsFor(params (string Field, string? Value)[] fields) =>
        TestConfiguration.Read(TestConfiguration.Service("svc", fields)).Errors;

    private static ServiceDefinition? Definition(string name, params (string Field, string? Value)[] fields) =>
        TestConfiguration.Read(TestConfiguration.Service(name, fields)).Services.SingleOrDefault()?.Definition;

    [Fact]
    public void AnHttpServiceGetsTheDefaultTimeoutItsKindTagAndCriticalTag()
    {
        var set = TestConfiguration.Read(TestConfiguration.Service("api", ("Kind", "HTTP"), ("Url", "http://user:pw@api:8000/health?token=x"), ("Critical", "true")));

        Assert.Empty(set.Errors);
        var definition = Assert.Single(set.Services).Definition;
        Assert.Equal("http", definition.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), definition.Timeout);
        Assert.Equal(["http", "critical"], definition.Tags);
        Assert.Equal("http://api:8000/health", definition.Target);
    }

    [Theory]
    [InlineData("ftp", "http://x", "Kind", "unknown kind 'ftp'")]
    [InlineData(null, "http://x", "Kind", "missing")]
    [InlineData("http", null, "Url", "missing")]
    [InlineData("http", "not a url", "Url", "is not an absolute http or https URL")]
    [InlineData("http", "ws://host/x", "Url", "is not an absolute http or https URL")]
    [InlineData("websocket", "http://host/x", "Url", "is not an absolute ws or wss URL")]
    [InlineData("tcp", "host", "Url", "not a tcp://host:port address")]
    public void ABadKindOrTargetIsNamedWithTheServiceAndField(string? kind, string? url, string field, string message)
    {
        var errors = ErrorsFor(("Kind", kind), ("Url", url));

        var error = Assert.Single(errors);
        Assert.StartsWith($"HealthGateway:Services:svc:{field}:", error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void ANegativeTimeoutIsRejected()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "tcp"), ("Url", "tcp://h:1"), ("Timeout", "-00:00:01")));
        Assert.StartsWith("HealthGateway:Services:svc:Timeout: must be positive", error);
    }

    [Fact]
    public void DegradedAfterMustBeShorterThanTheTimeout()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "tcp"), ("Url", "h:1"), ("Timeout", "00:00:02"), ("DegradedAfter", "00:00:02")));
        Assert.StartsWith("HealthGateway:Services:svc:DegradedAfter: must be shorter than Timeout", error);
    }

    [Fact]
    public void AMalformedConnectionStringIsRejectedWithoutEchoingIt()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "postgres"), ("ConnectionString", "Host=db;Password=hunter2;Bogus Key=1")));
        Assert.StartsWith("HealthGateway:Services:svc:ConnectionString:", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public void ABadUrlIsEchoedWithoutItsCredentialsOrQuery()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "websocket"), ("Url", "http://bob:s3cr3t@host/ws?token=abc")));
        Assert.DoesNotContain("s3cr3t", error);
        Assert.DoesNotContain("abc", error);
    }

    [Fact]
    public void APasswordContainingAnAtSignIsMaskedWhole()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "websocket"), ("Url", "http://user:p@ss@host/ws")));
        Assert.Contains("'http://***@host/ws'", error);
    }

    [Fact]
    public void AHeaderValueWithALineBreakIsRejectedWithoutEchoingIt()
    {
        var error = Assert.Single(ErrorsFor(("Kind", "http"), ("Url", "http://h/x"), ("Headers:Authorization", "Bearer se\ncret")));
        Assert.StartsWith("HealthGateway:Services:svc:Headers:Authorization: value contains a line break", error);
        Assert.DoesNotContain("cret", error);
    }

    [Fact]
    public void RedisAndPostgresTargetsAreHostAndPortOnly()
    {
        var redis = Definition("r", ("Kind", "redis"), ("ConnectionString", "cache:6380,password=secret"));
        var postgres = Definition("p", ("Kind", "postgres"), ("ConnectionString", "Host=db;Port=5433;Password=secret"));

        Assert.Equal("cache:6380", redis!.Target);
        Assert.Equal("db:5433", postgres!.Target);
    }
}
