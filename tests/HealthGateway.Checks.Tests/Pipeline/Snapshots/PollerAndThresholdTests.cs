using HealthGateway.Checks.Pipeline.Readiness;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

public sealed class PollerAndThresholdTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task EachServiceIsCheckedOncePerPollIntervalOnTheFakeClock()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Healthy);
        await using var harness = new PollerHarness([(PollerHarness.Definition("api"), check)], Interval);

        await harness.StartAsync();
        Assert.Equal(1, check.Runs);
        for (var tick = 0; tick < 3; tick++)
        {
            await harness.TickAsync(Interval);
        }

        Assert.Equal(4, check.Runs);

        // Half an interval starts nothing; the other half starts exactly one run. Waiting for that run's
        // snapshot is the signal: an extra run at the half would have been counted by then.
        harness.Time.Advance(Interval / 2);
        Assert.Equal(4, check.Runs);
        await harness.TickAsync(Interval / 2);
        Assert.Equal(5, check.Runs);
    }

    [Fact]
    public async Task BeforeTheFirstResultTheGatewayIsStartingAndNotReady()
    {
        var gate = new TaskCompletionSource();
        var check = new ScriptedHealthCheck(HealthStatus.Healthy) { BeforeResult = _ => gate.Task };
        await using var harness = new PollerHarness([(PollerHarness.Definition("api"), check)], Interval);

        await harness.Poller.StartAsync(CancellationToken.None);
        Assert.Equal(GatewayPhase.Starting, harness.Store.Current.Phase);
        Assert.False(harness.Store.Current.Ready);

        gate.SetResult();
        await harness.WaitForVersionAsync(1);
        Assert.Equal(GatewayPhase.Running, harness.Store.Current.Phase);
        Assert.True(harness.Store.Current.Ready);
    }

    [Fact]
    public async Task FailureThresholdKeepsTheLastStatusUntilEnoughFailuresInARow()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy);
        await using var harness = new PollerHarness([(PollerHarness.Definition("api", failureThreshold: 3), check)], Interval);

        await harness.StartAsync();
        await harness.TickAsync(Interval);
        Assert.Equal(HealthStatus.Healthy, harness.Store.Current.Entries[0].Result!.Status);
        Assert.StartsWith("1 of 3 failures before Unhealthy", harness.Store.Current.Entries[0].Result!.Description);

        await harness.TickAsync(Interval);
        Assert.True(harness.Store.Current.Ready);

        await harness.TickAsync(Interval);
        Assert.Equal(HealthStatus.Unhealthy, harness.Store.Current.Entries[0].Result!.Status);
        Assert.False(harness.Store.Current.Ready);
    }

    [Fact]
    public async Task SuccessThresholdKeepsAnUnhealthyServiceDownUntilEnoughSuccessesInARow()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Healthy);
        await using var harness = new PollerHarness([(PollerHarness.Definition("api", successThreshold: 2), check)], Interval);

        await harness.StartAsync();
        Assert.False(harness.Store.Current.Ready);

        await harness.TickAsync(Interval);
        Assert.False(harness.Store.Current.Ready);
        Assert.StartsWith("recovering, 1 of 2 successes", harness.Store.Current.Entries[0].Result!.Description);

        await harness.TickAsync(Interval);
        Assert.True(harness.Store.Current.Ready);
    }

    [Fact]
    public async Task EachStateChangeIsReportedOnceAndASteadyStateNotAtAll()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Healthy);
        await using var harness = new PollerHarness([(PollerHarness.Definition("api"), check)], Interval);

        await harness.StartAsync();
        for (var tick = 0; tick < 5; tick++)
        {
            await harness.TickAsync(Interval);
        }

        var transitions = harness.Transitions.Transitions.Select(t => $"{t.From?.ToString() ?? "Unknown"}->{t.To}").ToList();
        Assert.Equal(["Unknown->Healthy", "Healthy->Unhealthy", "Unhealthy->Healthy"], transitions);
        Assert.Equal(6, harness.Store.GetDetails("api")!.History.Count);
    }

    [Fact]
    public async Task OneSlowServiceDoesNotDelayAnothersResults()
    {
        var hung = new ScriptedHealthCheck(HealthStatus.Healthy) { BeforeResult = token => Task.Delay(Timeout.Infinite, token) };
        var quick = new ScriptedHealthCheck(HealthStatus.Healthy);
        await using var harness = new PollerHarness(
            [(PollerHarness.Definition("hung", critical: false, timeout: TimeSpan.FromSeconds(30)), hung), (PollerHarness.Definition("quick"), quick)], Interval);

        await harness.StartAsync();
        for (var tick = 0; tick < 3; tick++)
        {
            await harness.TickAsync(Interval);
        }

        Assert.Equal(4, quick.Runs);
        Assert.Equal(1, hung.Runs);
        Assert.Equal(["hung"], harness.Store.Current.PendingServices);
        Assert.True(harness.Store.Current.Ready);
    }

    [Fact]
    public async Task ConcurrentRefreshesShareOneRun()
    {
        var gate = new TaskCompletionSource();
        var slowCheck = new ScriptedHealthCheck(HealthStatus.Healthy) { BeforeResult = _ => gate.Task };
        await using var slowHarness = new PollerHarness([(PollerHarness.Definition("api"), slowCheck)], TimeSpan.FromMinutes(10));
        await slowHarness.Poller.StartAsync(CancellationToken.None);

        var refreshes = Enumerable.Range(0, 50).Select(_ => slowHarness.Poller.RefreshAsync(null, CancellationToken.None)).ToList();
        gate.SetResult();
        await Task.WhenAll(refreshes);

        Assert.Equal(1, slowCheck.Runs);
    }
}
