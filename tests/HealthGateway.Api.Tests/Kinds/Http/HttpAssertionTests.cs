using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Http;

/// <summary>ExpectBody, ExpectJson and ExpectHeaders, passing and failing, through one gateway against a real Kestrel target.</summary>
public sealed class HttpAssertionTests(HttpAssertionTests.Environment environment) : IClassFixture<HttpAssertionTests.Environment>
{
    private string Up => $"{environment.Target.BaseUrl}/json/UP";

    private string Down => $"{environment.Target.BaseUrl}/json/DOWN";

    [Fact]
    public void ABodyMatchingExpectBodyIsHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("bodyMatches"));
        Assert.StartsWith("HTTP 200 in ", environment.Body.EntryDescription("bodyMatches"));
    }

    [Fact]
    public void ABodyNotMatchingExpectBodyIsUnhealthyAndQuotesThePattern()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("bodyDiffers"));
        Assert.Equal($"body did not match /\"status\":\"UP\"/ ({Down})", environment.Body.EntryDescription("bodyDiffers"));
    }

    [Fact]
    public void ABodyLargerThanWhatIsReadSaysSoWhenThePatternLiesBeyond()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("bodyTooBig"));
        Assert.Equal($"body did not match /END/ (only the first 64 KiB of the body were read) ({environment.Target.BaseUrl}/big/100)",
            environment.Body.EntryDescription("bodyTooBig"));
        Assert.True(environment.Body.EntryStatus("bodyBigButEarly") == "Healthy", environment.Body.EntryDescription("bodyBigButEarly"));
    }

    [Fact]
    public void JsonValuesEqualToTheirExpectedTextAreHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("jsonMatches"));
    }

    [Fact]
    public void AJsonValueThatDiffersIsNamedWithWhatWasSeen()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("jsonDiffers"));
        Assert.Equal($"checks[0].ready was \"false\", expected \"true\"; status was \"DOWN\", expected \"UP\" ({Down})",
            environment.Body.EntryDescription("jsonDiffers"));
    }

    [Fact]
    public void AMissingJsonPathIsNamed()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("jsonMissing"));
        Assert.Equal($"checks[1].ready is missing, expected \"true\" ({Up})", environment.Body.EntryDescription("jsonMissing"));
    }

    [Fact]
    public void ABodyThatIsNotJsonIsUnhealthyWhenExpectJsonIsSet()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("notJson"));
        Assert.Equal($"body is not JSON ({environment.Target.BaseUrl}/ok)", environment.Body.EntryDescription("notJson"));
    }

    [Fact]
    public void AHeaderContainingTheExpectedTextIsHealthyWhateverTheCaseOfItsName()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("headerMatches"));
    }

    [Fact]
    public void AHeaderWithoutTheExpectedTextIsUnhealthyAndQuotesItsValue()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("headerDiffers"));
        Assert.Equal($"header Content-Type was \"text/plain; charset=utf-8\", expected to contain \"json\" ({environment.Target.BaseUrl}/ok)",
            environment.Body.EntryDescription("headerDiffers"));
    }

    [Fact]
    public void AMissingHeaderIsNamed()
    {
        Assert.Equal($"header X-Ready is missing, expected to contain \"yes\" ({environment.Target.BaseUrl}/ok)",
            environment.Body.EntryDescription("headerMissing"));
    }

    [Fact]
    public void AWrongStatusCodeIsReportedBeforeAnyAssertion()
    {
        Assert.Equal($"HTTP 500 from {environment.Target.BaseUrl}/status/500 (expected 200-299)", environment.Body.EntryDescription("statusFirst"));
    }

    [Fact]
    public void ASecretTheTargetEchoesIsMaskedInTheQuotedValueEvenWhereTheQuoteIsCut()
    {
        var description = environment.Body.EntryDescription("echoesSecret");

        Assert.Equal("Unhealthy", environment.Body.EntryStatus("echoesSecret"));
        Assert.StartsWith($"header X-Echo was \"{new string('p', 90)}***\", expected to contain \"nope\"; token was \"***\", expected \"ok\"", description);
        Assert.DoesNotContain(Secret[..8], environment.Body.ToString());
    }

    private const string Secret = "tok-S3cret-value-0123456789";

    public sealed class Environment : GatewayEnvironment
    {
        public TargetServer Target { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Target = Own(await TargetServer.StartAsync());
            var up = $"{Target.BaseUrl}/json/UP";
            var down = $"{Target.BaseUrl}/json/DOWN";
            var ok = $"{Target.BaseUrl}/ok";
            var settings = new GatewaySettings()
                .Service("bodyMatches", "http", up, fields: ("ExpectBody", "\"status\":\"UP\""))
                .Service("bodyDiffers", "http", down, fields: ("ExpectBody", "\"status\":\"UP\""))
                .Service("bodyTooBig", "http", $"{Target.BaseUrl}/big/100", fields: [("ExpectBody", "END"), ("Timeout", "00:00:10")])
                .Service("bodyBigButEarly", "http", $"{Target.BaseUrl}/big/100", fields: [("ExpectBody", "^a{1000}"), ("Timeout", "00:00:10")])
                .Service("jsonMatches", "http", up, fields: [("ExpectJson:status", "UP"), ("ExpectJson:checks[0].ready", "true"),
                    ("ExpectJson:checks[0].count", "3"), ("ExpectJson:checks[0].name", "db"), ("ExpectJson:version", "null")])
                .Service("jsonDiffers", "http", down, fields: [("ExpectJson:status", "UP"), ("ExpectJson:checks[0].ready", "true")])
                .Service("jsonMissing", "http", up, fields: ("ExpectJson:checks[1].ready", "true"))
                .Service("notJson", "http", ok, fields: ("ExpectJson:status", "UP"))
                .Service("headerMatches", "http", up, fields: ("ExpectHeaders:content-type", "JSON"))
                .Service("headerDiffers", "http", ok, fields: ("ExpectHeaders:Content-Type", "json"))
                .Service("headerMissing", "http", ok, fields: ("ExpectHeaders:X-Ready", "yes"))
                .Service("echoesSecret", "http", $"{Target.BaseUrl}/echo-token",
                    fields: [("Headers:X-Token", Secret), ("ExpectHeaders:X-Echo", "nope"), ("ExpectJson:token", "ok")])
                .Service("statusFirst", "http", $"{Target.BaseUrl}/status/500", fields: [("ExpectJson:status", "UP"), ("Retries", "0")]);
            return (settings, ["bodyMatches", "bodyDiffers", "bodyTooBig", "bodyBigButEarly", "jsonMatches", "jsonDiffers", "jsonMissing",
                "notJson", "headerMatches", "headerDiffers", "headerMissing", "statusFirst", "echoesSecret"]);
        }
    }
}
