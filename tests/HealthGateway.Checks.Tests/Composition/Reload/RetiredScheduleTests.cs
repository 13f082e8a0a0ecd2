using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Kinds.Redis;
using HealthGateway.Checks.Tests.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Composition.Reload;

/// <summary>What a reload that removes or replaces a service does to the checks it still has running.</summary>
public sealed class RetiredScheduleTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StoppingAServiceCancelsItsOnDemandCheckAndStartsNoMore()
    {
        var runs = 0;
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = new ScriptedHealthCheck(HealthStatus.Healthy)
        {
            BeforeResult = async token =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    scheduled.TrySetResult();
                    return;
                }

                // The on-demand run: it holds until its token fires, as a check against a hung dependency does.
                entered.TrySetResult();
                await using (token.Register(() => cancelled.TrySetResult()))
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }
            },
        };
        await using var harness = new PollerHarness([(PollerHarness.Definition("api", timeout: TimeSpan.FromMinutes(5)), check)]);
        await harness.StartAsync();

        // The schedule's first run comes first: on a busy machine the refresh below could otherwise be run 1.
        await scheduled.Task.WaitAsync(Guard);
        for (var seen = harness.Store.Current; seen.Entries.Single().Result is null; seen = harness.Store.Current)
        {
            await harness.Store.WaitForChangeAsync(seen, CancellationToken.None).WaitAsync(Guard);
        }

        var refresh = harness.Poller.RefreshAsync(["api"], CancellationToken.None);
        await entered.Task.WaitAsync(Guard);
        var ended = harness.Poller.Apply(["api"], []);

        // The reload's stop reaches the on-demand check, not only the schedule's loop.
        await cancelled.Task.WaitAsync(Guard);
        await ended.WaitAsync(Guard);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refresh.WaitAsync(Guard));

        // The removed service is gone from the poller: a refresh naming it starts nothing.
        await harness.Poller.RefreshAsync(["api"], CancellationToken.None).WaitAsync(Guard);
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task ARedisConnectionRefusesToConnectOnceDisposed()
    {
        var connection = new RedisConnection(new RedisHealthCheckOptions { ConnectionString = "127.0.0.1:1", Target = "127.0.0.1:1" });
        await connection.DisposeAsync();

        // A late check of a removed service must not open a multiplexer nothing would ever dispose.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.GetAsync());
        Assert.Equal("check stopped: the service was reloaded (127.0.0.1:1)",
            FailureDescriber.Describe(new ObjectDisposedException(nameof(RedisConnection)), "127.0.0.1:1"));
    }
}
