using System.Globalization;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HealthGateway.Api.Tests.Dashboard;

/// <summary>The dashboard with thousands of services: problems first, healthy ones folded, search finds one.</summary>
public sealed class DashboardScaleBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const int HealthyServices = 1_995;

    // The first sweep of 2,000 checks and a 2,000-entry report take a while on a busy machine.
    private static readonly LocatorAssertionsToHaveTextOptions s_text = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToContainTextOptions s_contains = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveCountOptions s_count = new() { Timeout = 90_000 };

    [Fact]
    public async Task WithTwoThousandServicesProblemsComeFirstHealthyOnesFoldAndSearchFindsOne()
    {
        await using var target = await TargetServer.StartAsync();
        var settings = new GatewaySettings().PollEvery(TimeSpan.FromSeconds(5));
        var listening = $"127.0.0.1:{target.Port}";
        for (var i = 0; i < HealthyServices; i++)
        {
            var name = "svc-" + i.ToString("D4", CultureInfo.InvariantCulture);
            settings.Service(name, "tcp", listening, fields: ("Tags:0", i % 2 == 0 ? "team-a" : "team-b"));
        }

        var refused = $"127.0.0.1:{RefusedPort.Get()}";
        settings.Service("zz-payments", "tcp", refused, critical: true);
        for (var i = 1; i <= 4; i++)
        {
            settings.Service($"zz-broken-{i}", "tcp", refused);
        }

        await using var gateway = await settings.StartAsync();
        var page = await chromium.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(gateway.BaseUrl.ToString());

        // Sorted by name, the broken services would come last; problems first puts them at the top, the critical one first.
        var cards = page.Locator("#services .card");
        await Expect(page.Locator("#healthy-groups-count")).ToHaveTextAsync($"{HealthyServices} healthy services folded", s_text);
        await Expect(cards).ToHaveCountAsync(5, s_count);
        await Expect(cards.First).ToHaveAttributeAsync("data-service", "zz-payments", new() { Timeout = 30_000 });
        await Expect(cards.Locator(".status-text")).ToHaveTextAsync(["Unhealthy", "Unhealthy", "Unhealthy", "Unhealthy", "Unhealthy"], s_text);
        await Expect(page.Locator("#healthy-groups-list")).ToContainTextAsync("team-a · 998 healthy", s_contains);
        await Expect(page.Locator("#healthy-groups-list")).ToContainTextAsync("team-b · 997 healthy", s_contains);
        await Expect(page.Locator("#overall-headline")).ToContainTextAsync("critical services unavailable: zz-payments", s_contains);
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-2000-problems-first");

        await page.GetByLabel("Search services").FillAsync("svc-1234");
        var found = page.Locator("[data-service='svc-1234']");
        await Expect(found.Locator(".status-text")).ToHaveTextAsync("Healthy", s_text);
        await Expect(cards).ToHaveCountAsync(1, s_count);
        await Expect(page.Locator("#services-summary")).ToHaveTextAsync($"1 of {HealthyServices + 5} services match", s_text);
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-2000-search");

        // Every healthy service of one team, a page of cards at a time: never 1,000 cards in the document at once.
        await page.GetByLabel("Search services").FillAsync("");
        await page.Locator("#healthy-groups-list button[data-tag='team-a']").ClickAsync();
        await Expect(page.Locator("#services-summary")).ToContainTextAsync("998 of 2000 services match · showing 60", s_contains);
        await Expect(cards).ToHaveCountAsync(60, s_count);
        await page.Locator("#services-end").ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#services .card').length > 60", null, new() { Timeout = 30_000 });
        Assert.InRange(await cards.CountAsync(), 61, 500);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
