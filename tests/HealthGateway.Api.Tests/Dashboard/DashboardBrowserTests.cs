using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Diagnostics;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HealthGateway.Api.Tests.Dashboard;

/// <summary>The dashboard as a person sees it: real gateway, real target, real headless chromium.</summary>
public sealed class DashboardBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Generous: the machine may be busy with other tests; every wait ends as soon as its condition holds.
    private static readonly LocatorAssertionsToHaveTextOptions s_text = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions s_contains = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions s_visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task ADownServiceShowsAsUnhealthyWithItsDescriptionAndTurnsHealthyWithoutAReload()
    {
        await using var target = await TargetServer.StartAsync();
        target.SetFlappyStatus(503);
        await using var gateway = await new GatewaySettings()
            .Service("backend_api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .Service("auth_service", "http", $"{target.BaseUrl}/ok")
            .StartAsync();
        var page = await chromium.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports every non-2xx fetch as a console error; /health/ready answering 503 is the point.
            if (message.Type == "error" && !message.Text.Contains("status of 503", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(gateway.BaseUrl.ToString());
        var card = page.Locator("[data-service='backend_api']");
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("Unhealthy", s_text);
        await Expect(card.Locator(".description")).ToContainTextAsync("HTTP 503", s_contains);
        await Expect(card.Locator(".badge-kind")).ToHaveTextAsync("http", s_text);
        await Expect(card.Locator(".badge-critical")).ToBeVisibleAsync(s_visible);
        await Expect(page.Locator("#overall-status")).ToContainTextAsync("Unhealthy", s_contains);
        await Expect(page.Locator("#overall-headline")).ToContainTextAsync("critical services unavailable: backend_api", s_contains);
        await Expect(page.Locator("[data-service='auth_service'] .status-text")).ToHaveTextAsync("Healthy", s_text);
        await Expect(card.Locator(".history-chart rect.bar-unhealthy").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-service-down");

        // Marks this document: a reload would lose the mark.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        target.SetFlappyStatus(200);

        await Expect(card.Locator(".status-text")).ToHaveTextAsync("Healthy", s_text);
        await Expect(page.Locator("#overall-status")).ToHaveTextAsync("Healthy · ready", s_text);
        await Expect(page.Locator("#overall-headline")).ToHaveTextAsync("All 1 critical services available.", s_text);
        await Expect(card.Locator(".transitions-list li").First).ToContainTextAsync("Unhealthy → Healthy", s_contains);

        // Down, then up: less than all of the last hour was Healthy, and the card says how much in each window.
        await Expect(card.Locator(".fact-uptime")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^\d{1,2}(\.\d+)? % 1 h · \d{1,2}(\.\d+)? % 24 h · \d{1,2}(\.\d+)? % 7 d$"), s_text);
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-recovered");

        // A blocked script or style (CSP) or a script error shows up here.
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ADependentThatIsDownBecauseItsDatabaseIsDownSaysSoOnItsCard()
    {
        await using var target = await TargetServer.StartAsync();
        target.SetFlappyStatus(503);
        await using var gateway = await new GatewaySettings()
            .Service("database", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Service("backend_api", "http", $"{target.BaseUrl}/flappy", critical: true, fields: ("DependsOn:0", "database"))
            .StartAsync();
        var page = await chromium.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(gateway.BaseUrl.ToString());
        var card = page.Locator("[data-service='backend_api']");
        await Expect(card.Locator(".root-cause")).ToHaveTextAsync("down because database is down", s_text);
        await Expect(card.Locator(".description")).ToContainTextAsync("HTTP 503", s_contains);
        await Expect(page.Locator("[data-service='database'] .root-cause")).ToBeHiddenAsync(new() { Timeout = 30_000 });

        // Up on its own again: the line goes away without a reload.
        target.SetFlappyStatus(200);
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("Healthy", s_text);
        await Expect(card.Locator(".root-cause")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AGreenObtainedThroughASilenceNamesTheSilencedDownService()
    {
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:ApiKey", Silences.SilenceClient.Key)
            .Service("database", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("database"));
        var (created, _) = await Silences.SilenceClient.CreateSilenceAsync(gateway,
            new { services = new[] { "database" }, duration = "2h", reason = "PostgreSQL upgrade", gate = false });
        Assert.Equal(201, created);
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(gateway.BaseUrl.ToString());

        await Expect(page.Locator("#overall-status")).ToHaveTextAsync("Healthy · ready", s_text);
        var silenced = page.Locator("#overall-silenced");
        await Expect(silenced).ToBeVisibleAsync(s_visible);
        await Expect(silenced).ToContainTextAsync("Silenced while down: database is Unhealthy but out of the gate, silenced until", s_contains);
        await Expect(silenced).ToContainTextAsync("(PostgreSQL upgrade)", s_contains);
    }

    [Fact]
    public async Task ThePageSaysItLostContactInsteadOfShowingStaleGreen()
    {
        await using var target = await TargetServer.StartAsync();
        var gateway = await new GatewaySettings()
            .Service("backend_api", "http", $"{target.BaseUrl}/ok", critical: true)
            .StartAsync();
        var stopped = false;
        try
        {
            var page = await chromium.NewPageAsync();
            await page.GotoAsync(gateway.BaseUrl.ToString());
            var card = page.Locator("[data-service='backend_api']");
            await Expect(card.Locator(".status-text")).ToHaveTextAsync("Healthy", s_text);
            await Expect(page.Locator("#lost-contact")).ToBeHiddenAsync(new() { Timeout = 30_000 });

            await gateway.DisposeAsync();
            stopped = true;

            await Expect(page.Locator("#lost-contact")).ToBeVisibleAsync(s_visible);
            await Expect(page.Locator("#lost-contact")).ToContainTextAsync("Lost contact with the gateway", s_contains);
            await Expect(page.Locator("#overall-status")).ToHaveTextAsync("No contact", s_text);
            await Expect(page.Locator("#connection-text")).ToContainTextAsync("No contact since", s_contains);
            await Expect(card.Locator(".status-text")).ToHaveTextAsync("Unknown (last known: Healthy)", s_text);
            await ChromiumFixture.ScreenshotAsync(page, "dashboard-lost-contact");
        }
        finally
        {
            if (!stopped)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TheDashboardShowsWhatTheKeyItIsGivenMayDoAndWhyARunIsRefused()
    {
        await using var gateway = await HealthGateway.Api.Tests.Security.ScopedKeyTests.Keys().StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(gateway.BaseUrl.ToString());
        var summary = page.Locator("#access-summary");
        await Expect(summary).ToContainTextAsync("Read-only view", s_contains);

        await page.GetByLabel("API key").FillAsync("silencer-key-5a9d03f7e2");
        await page.GetByLabel("API key").PressAsync("Tab");
        await Expect(summary).ToHaveTextAsync("Key \"silencer\" may: silences:write.", s_text);

        await page.GetByRole(AriaRole.Button, new() { Name = "Run notifier diagnostics" }).ClickAsync();
        await Expect(page.Locator("#notifier-result")).ToContainTextAsync("The key 'silencer' does not have the scope diagnostics", s_contains);
    }

    [Fact]
    public async Task TheNotifierButtonAsksForTheApiKeyThenShowsTheFiveEventsInOrder()
    {
        await using var gateway = await new GatewaySettings()
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:ApiKey", "dashboard-test-key")
            .StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(gateway.BaseUrl.ToString());
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Run notifier diagnostics" });
        var result = page.Locator("#notifier-result");

        await button.ClickAsync();
        await Expect(result).ToContainTextAsync("requires an API key", s_contains);

        await page.GetByLabel("API key").FillAsync("dashboard-test-key");
        await button.ClickAsync();

        var events = result.Locator(".timeline-event");
        await Expect(result.Locator(".notifier-summary")).ToContainTextAsync("Passed", s_contains);
        await Expect(events).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        await Expect(events.Locator(".timeline-name")).ToHaveTextAsync(
            ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"], new() { Timeout = 30_000 });
        await Expect(events.Locator(".timeline-outcome")).ToHaveTextAsync(
            ["delivered", "delivered", "delivered", "delivered", "delivered"], new() { Timeout = 30_000 });
        await Expect(result.Locator(".notifier-summary")).ToContainTextAsync("5 of 5 events delivered", s_contains);
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-notifier-passed");
    }

    [Fact]
    public async Task ALostNotifierEventShowsAsFailedAndTheRestAsSkipped()
    {
        await using var gateway = await new GatewaySettings()
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync(services => services.AddSingleton<IAgentEventSink>(provider => new TamperingSink(
                provider.GetRequiredService<WebSocketNotificationManager>(), AgentEventTypes.ToolExecuting, Tampering.Drop)));
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(gateway.BaseUrl.ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Run notifier diagnostics" }).ClickAsync();

        var result = page.Locator("#notifier-result");
        await Expect(result.Locator(".notifier-summary")).ToContainTextAsync("Failed", new() { Timeout = 60_000 });
        var events = result.Locator(".timeline-event");
        await Expect(events.Locator(".timeline-outcome")).ToHaveTextAsync(
            ["delivered", "delivered", "failed", "skipped", "skipped"], new() { Timeout = 30_000 });
        await Expect(events.Nth(2)).ToContainTextAsync("not received within", s_contains);
        await ChromiumFixture.ScreenshotAsync(page, "dashboard-notifier-failed");
    }
}
