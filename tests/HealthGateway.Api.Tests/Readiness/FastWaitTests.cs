using System.Diagnostics;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Readiness;

/// <summary>
/// While callers wait, the services they wait on are checked every WaitPollInterval, once for all of them.
/// The poll interval here is a minute, so without the feature a wait would learn of the recovery a minute late.
/// </summary>
public sealed class FastWaitTests
{
    private static GatewaySettings Settings(TargetServer target) => new GatewaySettings()
        .PollEvery(TimeSpan.FromMinutes(1))
        .Set("HealthGateway:WaitPollInterval", "00:00:00.250")
        .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true);

    [Fact]
    public async Task AWaitAnswersSoonAfterTheDependencyComesUpNotAtTheNextPoll()
    {
        await using var target = await TargetServer.StartAsync();
        target.SetFlappyStatus(503);
        await using var gateway = await Settings(target).StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        // Pending across two more failed checks: it waits for the dependency, not for a check to finish.
        var checks = target.Hits("/flappy");
        var waiting = gateway.GetJsonAsync("/health/ready?wait=60");
        await Eventually.TrueAsync(() => target.Hits("/flappy") >= checks + 2, "the gateway checked the down dependency twice more");
        Assert.False(waiting.IsCompleted);
        var cameUp = Stopwatch.StartNew();
        target.SetFlappyStatus(200);
        var (status, _) = await waiting;

        Assert.Equal(200, status);

        // The bound is the feature (the next poll is a minute away); the margin is generous for a loaded machine.
        Assert.True(cameUp.Elapsed < TimeSpan.FromSeconds(10), $"answered {cameUp.Elapsed} after the dependency came up");
    }

    [Fact]
    public async Task ManyWaitersShareOneCheckPerInterval()
    {
        await using var target = await TargetServer.StartAsync();
        target.SetFlappyStatus(503);
        await using var gateway = await Settings(target).StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        target.ResetHits();

        using var client = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var waiters = Enumerable.Range(0, 100).Select(_ => client.GetAsync("/health/ready?wait=3")).ToList();
        var answers = await Task.WhenAll(waiters);
        var elapsed = clock.Elapsed;

        Assert.All(answers, a => Assert.Equal(503, (int)a.StatusCode));
        var hits = target.Hits("/flappy");

        // One schedule: about elapsed / 250 ms checks (retries double each), never one per waiter.
        Assert.True(hits >= 2, $"{hits} checks while 100 callers waited {elapsed}: the wait did not hurry the check");
        var ceiling = 2 * (1 + (int)(elapsed / TimeSpan.FromMilliseconds(250))) + 4;
        Assert.True(hits <= ceiling, $"{hits} checks in {elapsed} for 100 waiters; one shared schedule allows {ceiling}");
    }
}
