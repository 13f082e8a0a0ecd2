using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

/// <summary>What the fleet relies on in the poller and the store, with scripted checks and a fake clock.</summary>
public sealed class FleetSeamTests
{
    [Fact]
    public async Task NoScheduledCheckRunsBeforeOwnershipIsKnown()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Healthy);
        var ownership = new Ownership();
        await using var harness = new PollerHarness([(PollerHarness.Definition("api"), check)], ownership: ownership);
        await harness.Poller.StartAsync(CancellationToken.None);

        // A replica that has not made its first beat would judge alone what the fleet already judges: it waits.
        await Task.Delay(200);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(200);
        Assert.Equal(0, check.Runs);
        Assert.Contains("api", harness.Store.Current.PendingServices);

        ownership.Known.SetResult();
        await harness.WaitForVersionAsync(1);
        Assert.Equal(1, check.Runs);
    }

    [Fact]
    public async Task TransitionSinksHearOfAResultBeforeResultSinks()
    {
        // The fleet shares each result with what its transition sink noted of that very transition (the next id's base).
        var heard = new List<string>();
        var sink = new OrderSink(heard);
        var check = new ScriptedHealthCheck(HealthStatus.Unhealthy);
        await using var harness = new PollerHarness([(PollerHarness.Definition("api"), check)], resultSinks: [sink]);
        harness.Transitions.Heard = () => heard.Add("transition");
        await harness.StartAsync();
        Assert.Equal(["transition", "result"], heard);
    }

    private sealed class Ownership : ICheckOwnership
    {
        public TaskCompletionSource Known { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Task ICheckOwnership.Known => Known.Task;

        public bool IsMine(string service) => true;

        public Task<bool> CheckElsewhereAsync(string service, CancellationToken cancellationToken) => Task.FromResult(false);

        public IDisposable? Hurry(IReadOnlyCollection<string> services) => null;

        public ServicePlacement? Placement(string service) => null;
    }

    private sealed class OrderSink(List<string> heard) : ICheckResultSink
    {
        public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported) => heard.Add("result");
    }
}
