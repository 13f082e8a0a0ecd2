using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Tests.Pipeline.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Pipeline.Running;

public sealed class ServiceCheckRunnerTests
{
    private readonly FakeTimeProvider _time = new();

    private ServiceCheckRunner Runner() => new(new ServiceCollection().BuildServiceProvider(), new SecretRedactor([SecretSource.Of("s3cret")]), _time);

    private static HealthCheckRegistration Registration(string name, IHealthCheck check) => new(name, check, HealthStatus.Unhealthy, null);

    [Fact]
    public async Task ACheckThatIgnoresCancellationIsAbandonedAtItsDeadline()
    {
        var neverEnds = new TaskCompletionSource<HealthCheckResult>();
        var definition = PollerHarness.Definition("stuck", timeout: TimeSpan.FromSeconds(5));
        var run = Runner().RunAsync(definition, Registration("stuck", new DelegateCheck(_ => neverEnds.Task)), CancellationToken.None);

        // The run arms its deadline on the fake clock before it first yields, so no real time needs to pass here:
        // until the clock moves, nothing can complete it.
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(run.IsCompleted, "abandoned before its deadline");
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("timed out after 5 s (target:1)", result.Description);
    }

    [Fact]
    public async Task AnAbandonedCheckHasItsTokenCancelledSoItLetsGoOfItsResources()
    {
        var observed = new TaskCompletionSource<CancellationToken>();
        var check = new DelegateCheck(async token =>
        {
            observed.SetResult(token);
            await new TaskCompletionSource().Task;
            return HealthCheckResult.Healthy();
        });
        var run = Runner().RunAsync(PollerHarness.Definition("stuck", timeout: TimeSpan.FromSeconds(5)), Registration("stuck", check), CancellationToken.None);
        var token = await observed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(5));
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task ASuccessSlowerThanDegradedAfterIsDegraded()
    {
        var definition = PollerHarness.Definition("slow", timeout: TimeSpan.FromSeconds(10), degradedAfter: TimeSpan.FromSeconds(5));
        var check = new DelegateCheck(_ =>
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            return Task.FromResult(HealthCheckResult.Healthy("HTTP 200 in 6000 ms"));
        });

        var result = await Runner().RunAsync(definition, Registration("slow", check), CancellationToken.None);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("slow: HTTP 200 in 6000 ms, over the 5 s threshold", result.Description);
    }

    [Fact]
    public async Task ATransientFailureIsRetriedInsideTheBudget()
    {
        var check = new ScriptedHealthCheck(HealthStatus.Unhealthy, HealthStatus.Healthy);
        var definition = PollerHarness.Definition("flaky", retries: 1);

        var result = await Runner().RunAsync(definition, Registration("flaky", check), CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task AReloadedDefinitionOfTheSameNameRunsWithItsOwnRetries()
    {
        var runner = Runner();
        var before = new ScriptedHealthCheck(HealthStatus.Unhealthy);
        await runner.RunAsync(PollerHarness.Definition("flaky", retries: 0), Registration("flaky", before), CancellationToken.None);

        // A reload raised the retries of the same service: its next run retries, not the pipeline of the old settings.
        var after = new ScriptedHealthCheck(HealthStatus.Unhealthy, HealthStatus.Healthy);
        var result = await runner.RunAsync(PollerHarness.Definition("flaky", retries: 1), Registration("flaky", after), CancellationToken.None);

        Assert.Equal(1, before.Runs);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(2, after.Runs);
    }

    [Fact]
    public async Task AnExceptionBecomesADescriptionWithoutSecretsOrStackTrace()
    {
        var check = new DelegateCheck(_ => throw new InvalidOperationException("password s3cret rejected\n at Stack.Frame()"));

        var result = await Runner().RunAsync(PollerHarness.Definition("boom"), Registration("boom", check), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("unexpected error: password *** rejected (target:1)", result.Description);
    }

    private sealed class DelegateCheck(Func<CancellationToken, Task<HealthCheckResult>> run) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => run(cancellationToken);
    }
}
