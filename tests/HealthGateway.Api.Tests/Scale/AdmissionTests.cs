using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Scale;

/// <summary>
/// Checks are admitted, not stampeded: at most MaxConcurrentChecks at once, a service that got no slot within its
/// timeout says so, and with thousands of services /health/live still answers while the first sweep runs.
/// </summary>
public sealed class AdmissionTests
{
    [Fact]
    public async Task NoMoreThanMaxConcurrentChecksReachTheTargetAtOnce()
    {
        await using var target = await HoldingTarget.StartAsync();
        var settings = new GatewaySettings().PollEvery(TimeSpan.FromSeconds(30)).Set("HealthGateway:MaxConcurrentChecks", "4");
        for (var i = 0; i < 24; i++)
        {
            settings.Service($"svc{i}", "http", $"{target.BaseUrl}/hold/300/svc{i}", fields: ("Timeout", "00:00:20"));
        }

        await using var gateway = await settings.StartAsync();
        var body = await gateway.WaitForReadinessAsync(b => b.Strings("pendingServices").Count == 0, TimeSpan.FromSeconds(60));

        Assert.All(Enumerable.Range(0, 24), i => Assert.Equal("Healthy", body.EntryStatus($"svc{i}")));
        Assert.True(target.Served >= 24, $"served {target.Served}");
        Assert.InRange(target.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task AServiceThatGetsNoCheckSlotWithinItsTimeoutSaysSo()
    {
        await using var target = await HoldingTarget.StartAsync();

        // One slot; each check holds it until its own timeout, so whichever waits for it longer than its timeout starves.
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(1))
            .Set("HealthGateway:MaxConcurrentChecks", "1")
            .Service("holder", "http", $"{target.BaseUrl}/hold/20000/holder", fields: [("Timeout", "00:00:03"), ("Retries", "0")])
            .Service("starved", "http", $"{target.BaseUrl}/hold/20000/starved", fields: [("Timeout", "00:00:00.3"), ("Retries", "0")])
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(
            b => b.HasEntry("starved") && b.EntryDescription("starved").Contains("no check slot", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.Equal("Unhealthy", body.EntryStatus("starved"));
        Assert.Contains("MaxConcurrentChecks (1)", body.EntryDescription("starved"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatewayWithTwoThousandServicesAnswersLivenessWhileItsFirstSweepRuns()
    {
        await using var target = await HoldingTarget.StartAsync();
        const int count = 2_000;
        var settings = new GatewaySettings().PollEvery(TimeSpan.FromSeconds(10));
        for (var i = 0; i < count; i++)
        {
            settings.Service($"svc{i}", "http", $"{target.BaseUrl}/hold/200/svc{i}", fields: ("Timeout", "00:00:20"));
        }

        await using var gateway = await settings.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var answeredDuringSweep = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var before = (await gateway.GetJsonAsync("/health/ready")).Body.Strings("pendingServices").Count;
            using var live = await client.GetAsync("/health/live");
            Assert.Equal(200, (int)live.StatusCode);
            var after = (await gateway.GetJsonAsync("/health/ready")).Body.Strings("pendingServices").Count;
            if (after == 0)
            {
                break;
            }

            // The sweep had started (some results in) and had not ended (some still pending) around this answer.
            answeredDuringSweep += before < count && after > 0 ? 1 : 0;
            await Task.Delay(200);
        }

        Assert.True(answeredDuringSweep >= 3, $"/health/live answered {answeredDuringSweep} times during the first sweep");
        await gateway.WaitForReadinessAsync(b => b.Strings("pendingServices").Count == 0, TimeSpan.FromSeconds(120));
    }
}
