using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// A critical HTTP dependency whose answer flips between 200 and 503. Checks are driven one at a time with
/// <c>?fresh=true</c> (the poller's own interval is far beyond the test), so each step is exactly one check.
/// </summary>
public sealed class FlappingDependencyTests
{
    [Fact]
    public async Task WithThresholdsTheGateFollowsConsecutiveResultsNotEachFlap()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await StartAsync(target, ("FailureThreshold", "3"), ("SuccessThreshold", "2"));
        var url = $"{target.BaseUrl}/flappy";

        target.SetFlappyStatus(503);
        await AssertCheckAsync(gateway, 200, "Healthy", $"1 of 3 failures before Unhealthy: HTTP 503 from {url} (expected 200-299)");
        await AssertCheckAsync(gateway, 200, "Healthy", $"2 of 3 failures before Unhealthy: HTTP 503 from {url} (expected 200-299)");
        await AssertCheckAsync(gateway, 503, "Unhealthy", $"HTTP 503 from {url} (expected 200-299)");

        target.SetFlappyStatus(200);
        await AssertCheckAsync(gateway, 503, "Unhealthy", "recovering, 1 of 2 successes: HTTP 200 in ");
        await AssertCheckAsync(gateway, 200, "Healthy", "HTTP 200 in ");

        // Flapping faster than the failure threshold never closes the gate.
        foreach (var status in new[] { 503, 503, 200, 503, 503, 200, 503, 503, 200 })
        {
            target.SetFlappyStatus(status);
            var (code, body) = await gateway.GetJsonAsync("/health/ready?fresh=true");
            Assert.Equal(200, code);
            Assert.Equal("Healthy", body.EntryStatus("api"));
        }

        // First result, down, up: three transitions, none for the flaps in between.
        var (_, details) = await gateway.GetJsonAsync("/health/services/api");
        Assert.Equal(["Healthy", "Unhealthy", "Healthy"], details.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task WithDefaultThresholdsTheGateFollowsTheTruthAtEveryCheck()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await StartAsync(target);
        var url = $"{target.BaseUrl}/flappy";

        foreach (var status in new[] { 503, 200, 503, 503, 200, 503, 200 })
        {
            target.SetFlappyStatus(status);
            if (status == 503)
            {
                await AssertCheckAsync(gateway, 503, "Unhealthy", $"HTTP 503 from {url} (expected 200-299)");
            }
            else
            {
                await AssertCheckAsync(gateway, 200, "Healthy", "HTTP 200 in ");
            }
        }
    }

    private static async Task<GatewayHost> StartAsync(TargetServer target, params (string Field, string Value)[] thresholds)
    {
        var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromHours(1))
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true, [("Retries", "0"), .. thresholds])
            .StartAsync();
        await gateway.WaitForReadinessAsync(body => body.HasEntry("api"));
        return gateway;
    }

    private static async Task AssertCheckAsync(GatewayHost gateway, int expectedCode, string expectedStatus, string expectedDescription)
    {
        var (code, body) = await gateway.GetJsonAsync("/health/ready?fresh=true");
        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedStatus, body.EntryStatus("api"));
        Assert.StartsWith(expectedDescription, body.EntryDescription("api"), StringComparison.Ordinal);
        Assert.Equal(expectedCode == 503, body.Strings("unavailableServices").Contains("api"));
    }
}
