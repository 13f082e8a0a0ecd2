using HealthGateway.Checks.Configuration;

namespace HealthGateway.Checks.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void ADisabledServiceIsNotValidated()
    {
        var options = new GatewayOptions { Services = { ["off"] = new ServiceOptions { Kind = "nonsense", Enabled = false } } };

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var options = new GatewayOptions
        {
            PollInterval = TimeSpan.Zero,
            Services =
            {
                ["a"] = new ServiceOptions { Kind = "http" },
                ["b c"] = new ServiceOptions { Kind = "tcp", Url = "h:1" },
            },
        };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:PollInterval:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:Services:a:Url:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("HealthGateway:Services:b c:", StringComparison.Ordinal));
    }

    [Fact]
    public void APollIntervalThatTimersCannotHoldIsRejected()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { PollInterval = TimeSpan.FromDays(100) });

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
