using System.Net;
using System.Xml.Linq;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Badges;

/// <summary>The badge endpoints over plain HTTP: unknown names, hostile labels, caching.</summary>
public sealed class BadgeEndpointTests(BadgeEndpointTests.Environment environment) : IClassFixture<BadgeEndpointTests.Environment>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData("/badges/nope.svg", "no service named 'nope'")]
    [InlineData("/badges/group/nope.svg", "no group named 'nope'")]
    public async Task AnUnknownServiceOrGroupIs404(string path, string detail)
    {
        var (status, body) = await environment.Gateway.GetJsonAsync(path);
        Assert.Equal(404, status);
        Assert.Contains(detail, body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/badges/api.svg")]
    [InlineData("/badges/ready.svg")]
    [InlineData("/badges/group/web.svg")]
    public async Task ABadgeIsAnSvgCacheableForOnePollInterval(string path)
    {
        using var response = await environment.Gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        // The environment polls every 30 s (BadgeBrowserTests sees 200 ms become max-age=1).
        Assert.Equal("max-age=30", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Svg + "svg", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name);
    }

    [Theory]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>")]
    [InlineData("a%22%20onload%3D%22alert(1)", "a\" onload=\"alert(1)")]
    [InlineData("x%26y%27z", "x&y'z")]
    [InlineData("bell%07%00nul%1B%5B31m%C2%85end", "bellnul[31m end")]
    [InlineData("%20%20spaced%0A%0Aout%09%20", "spaced out")]
    [InlineData("%00%01%02", "api")]
    [InlineData("", "api")]
    [InlineData("%F0%9F%9A%80%20launch", "🚀 launch")]
    public async Task TheLabelIsTextWhateverItSays(string query, string drawn)
    {
        var (label, svg) = await LabelAsync($"/badges/api.svg?label={query}");

        Assert.Equal(drawn, label);
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "foreignObject" or "b"
            || e.Attributes().Any(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)));
        Assert.Contains(": healthy", svg.Root!.Attribute("aria-label")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeLabelIsCutToItsBound()
    {
        var (label, svg) = await LabelAsync("/badges/api.svg?label=" + new string('w', 6000));

        Assert.Equal(48, label.Length);
        Assert.EndsWith("…", label, StringComparison.Ordinal);
        Assert.True(int.Parse(svg.Root!.Attribute("width")!.Value) < 600);
    }

    private async Task<(string Label, XDocument Svg)> LabelAsync(string path)
    {
        using var response = await environment.Gateway.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var label = svg.Descendants(Svg + "text").Single(e => (string?)e.Attribute("class") == "label-text").Value;
        return (label, svg);
    }

    public sealed class Environment : GatewayEnvironment
    {
        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var target = Own(await TargetServer.StartAsync());
            var settings = new GatewaySettings()
                .Service("api", "http", $"{target.BaseUrl}/ok")
                .Set("HealthGateway:Groups:web:0", "api");
            return (settings, ["api"]);
        }
    }
}
