using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Tests.Composition.Validation;

public sealed class GatewayOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(params (string Key, string? Value)[] settings)
    {
        var configuration = TestConfiguration.Root(settings);
        var options = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        return new GatewayOptionsValidator(configuration, ServiceKindCatalog.BuiltIn).Validate(null, options);
    }

    [Fact]
    public void ADisabledServiceIsNotValidated()
    {
        Assert.True(Validate(("Services:off:Kind", "nonsense"), ("Services:off:Enabled", "false")).Succeeded);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var result = Validate(("PollInterval", "00:00:00"), ("Services:a:Kind", "http"), ("Services:b c:Kind", "tcp"), ("Services:b c:Url", "h:1"));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:PollInterval:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:Services:a:Url:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:Services:b c:", StringComparison.Ordinal));
    }

    [Fact]
    public void APollIntervalThatTimersCannotHoldIsRejected()
    {
        var result = Validate(("PollInterval", "100.00:00:00"));

        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:PollInterval: must be from", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("200-299", 204, true)]
    [InlineData("200-299", 302, false)]
    [InlineData("200,401", 401, true)]
    [InlineData("200,401", 403, false)]
    public void ExpectedStatusCodesAcceptListsAndRanges(string text, int code, bool expected)
    {
        Assert.True(ExpectedStatusCodes.TryParse(text, out var codes));
        Assert.Equal(expected, codes.Contains(code));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("299-200")]
    [InlineData("99")]
    [InlineData("200-700")]
    public void MalformedExpectedStatusCodesAreRejected(string text) => Assert.False(ExpectedStatusCodes.TryParse(text, out _));
}
