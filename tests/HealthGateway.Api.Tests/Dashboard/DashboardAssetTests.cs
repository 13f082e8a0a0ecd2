using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Dashboard;

public sealed partial class DashboardAssetTests
{
    [Fact]
    public async Task TheRootServesTheDashboardPageWithAStrictContentSecurityPolicy()
    {
        await using var gateway = await StartAsync();

        using var response = await gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>HealthGateway</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFileThePageLoadsComesFromTheGatewayItself()
    {
        await using var gateway = await StartAsync();
        var html = await gateway.Client.GetStringAsync("/");

        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Equal(["dashboard/dashboard-cards.js", "dashboard/dashboard-core.js", "dashboard/dashboard-list.js", "dashboard/dashboard-notifier.js", "dashboard/dashboard.css", "dashboard/dashboard.js", "dashboard/favicon.svg"], references.Order());
        foreach (var reference in references)
        {
            using var asset = await gateway.Client.GetAsync("/" + reference);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("://", text.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AssetsHaveTheirContentTypeAndRevalidateWithTheirETag()
    {
        await using var gateway = await StartAsync();

        using var script = await gateway.Client.GetAsync("/dashboard/dashboard.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var styles = await gateway.Client.GetAsync("/dashboard/dashboard.css");
        Assert.Equal("text/css", styles.Content.Headers.ContentType?.MediaType);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        conditional.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await gateway.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(CacheControlHeaderValue.Parse("no-cache"), script.Headers.CacheControl);
    }

    [Fact]
    public async Task AnUnknownAssetIsNotFound()
    {
        await using var gateway = await StartAsync();

        using var response = await gateway.Client.GetAsync("/dashboard/secrets.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<GatewayHost> StartAsync() =>
        new GatewaySettings().Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}").StartAsync();

    [GeneratedRegex(@"<(?:link|script|img)\b[^>]*\b(?:src|href)=""(?<url>[^""]+)""")]
    private static partial Regex AssetReference();
}
