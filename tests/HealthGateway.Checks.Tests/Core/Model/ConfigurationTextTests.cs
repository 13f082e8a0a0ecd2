using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Tests.Composition.Validation;

namespace HealthGateway.Checks.Tests.Core.Model;

/// <summary>A configuration error quotes a value only masked, whether or not the value parses.</summary>
public sealed class ConfigurationTextTests
{
    [Theory]
    [InlineData("http:/eve:Leak1_pw@api/health", "'http:/***@api/health'")]
    [InlineData("http//eve:Leak1_pw@api/health", "'***@api/health'")]
    [InlineData("eve:Leak1_pw@api", "'eve:***@api'")]
    [InlineData("http://eve:Le@k1/pw@api/health", "'http://***@api/health'")]
    [InlineData("http://api/health?token=Leak1_pw", "'http://api/health?***'")]
    [InlineData("http//broken", "'http//broken'")]
    public void UserInfoAndQueryAreMaskedInAnyText(string value, string quoted)
    {
        Assert.Equal(quoted, ConfigurationText.Quote(value));
    }

    [Fact]
    public void AMalformedUrlWithAPasswordIsRefusedWithoutIt()
    {
        var error = Assert.Single(TestConfiguration.Read(TestConfiguration.Service("backend_api", ("Kind", "http"), ("Url", "http:/eve:Leak1_pw@api/health"))).Errors);

        Assert.Equal("HealthGateway:Services:backend_api:Url: 'http:/***@api/health' is not an absolute http or https URL", error);
    }

    [Fact]
    public void AnUnreadableValueIsQuotedMasked()
    {
        var error = Assert.Single(RawValueChecker.FindUnreadableValues(TestConfiguration.Service("svc", ("Kind", "http"), ("Timeout", "http://eve:Leak2_pw@x"))));

        Assert.Equal("HealthGateway:Services:svc:Timeout: 'http://***@x' is not a duration such as 00:00:05", error);
    }
}
