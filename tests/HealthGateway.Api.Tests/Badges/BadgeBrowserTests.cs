using HealthGateway.Api.Tests.Dashboard;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Badges;

/// <summary>Each status's badge as a person sees it: rendered by a real headless chromium, its text and its colour read back.</summary>
public sealed class BadgeBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // shields.io's brightgreen, yellow, red and lightgrey, as chromium computes the fill.
    private const string Green = "rgb(68, 204, 17)";
    private const string Yellow = "rgb(223, 179, 23)";
    private const string Red = "rgb(224, 93, 68)";
    private const string Grey = "rgb(159, 159, 159)";

    [Fact]
    public async Task EveryStatusIsDrawnAsItsTextOnItsColour()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok")
            .Service("slow", "http", $"{target.BaseUrl}/ok", fields: ("DegradedAfter", "00:00:00.0000001"))
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true, fields: ("Timeout", "00:00:01"))
            .Service("nightly", "push", "00:10:00")
            .Set("HealthGateway:Groups:web:0", "api")
            .Set("HealthGateway:Groups:storage:0", "cache")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.HasEntry("slow") && b.HasEntry("cache"));
        var page = await chromium.NewPageAsync();

        Assert.Equal(("api", "healthy", Green), await ReadAsync(page, gateway, "/badges/api.svg"));
        Assert.Equal(("slow", "degraded", Yellow), await ReadAsync(page, gateway, "/badges/slow.svg"));
        Assert.Equal(("cache", "unhealthy", Red), await ReadAsync(page, gateway, "/badges/cache.svg"));
        Assert.Equal(("nightly", "pending", Grey), await ReadAsync(page, gateway, "/badges/nightly.svg"));
        Assert.Equal(("ready", "not ready", Red), await ReadAsync(page, gateway, "/badges/ready.svg"));
        Assert.Equal(("web", "ready", Green), await ReadAsync(page, gateway, "/badges/group/web.svg"));
        Assert.Equal(("storage", "not ready", Red), await ReadAsync(page, gateway, "/badges/group/storage.svg"));

        // A hostile label is text on the badge, never markup: no element of its own, no script run.
        await page.GotoAsync(new Uri(gateway.BaseUrl, "/badges/api.svg?label=%3Cscript%3Ewindow.owned%3D1%3C%2Fscript%3E%3Cb%3Ex").ToString());
        Assert.Equal("<script>window.owned=1</script><b>x", await page.EvaluateAsync<string>("() => document.querySelector('text.label-text').textContent"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('script, b').length"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.owned === 1"));
    }

    private static async Task<(string Label, string Status, string Colour)> ReadAsync(Microsoft.Playwright.IPage page, GatewayHost gateway, string path)
    {
        var response = await page.GotoAsync(new Uri(gateway.BaseUrl, path).ToString());
        Assert.Equal(200, response!.Status);

        // Polled every 200 ms: cacheable for one interval, rounded up to a whole second.
        Assert.Equal("max-age=1", response.Headers["cache-control"]);
        var read = await page.EvaluateAsync<string[]>(
            "() => [document.querySelector('text.label-text').textContent, document.querySelector('text.status-text').textContent, "
            + "getComputedStyle(document.querySelector('rect.status')).fill]");
        return (read[0], read[1], read[2]);
    }
}
