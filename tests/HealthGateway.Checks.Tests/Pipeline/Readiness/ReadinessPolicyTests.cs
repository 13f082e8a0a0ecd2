using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Readiness;

public sealed class ReadinessPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static ServiceDefinition Service(string name, bool critical) =>
        new(name, "tcp", critical, TimeSpan.FromSeconds(5), null, ["tcp"], "h:1", 1, 1, 0, TimeSpan.Zero);

    private static ServiceCheckResult Result(HealthStatus status) =>
        new(status, TimeSpan.FromMilliseconds(12), status.ToString(), Now, ServiceCheckResult.NoData);

    private static ReadinessSnapshot Evaluate(params (string Name, bool Critical, HealthStatus? Status)[] services) =>
        ReadinessPolicy.Evaluate(false,
            services.Select(s => Service(s.Name, s.Critical)).ToList(),
            services.Where(s => s.Status is not null).ToDictionary(s => s.Name, s => Result(s.Status!.Value)),
            1, Now);

    [Fact]
    public void AllHealthyIsHealthyAndReady()
    {
        var snapshot = Evaluate(("api", true, HealthStatus.Healthy), ("redis", false, HealthStatus.Healthy));

        Assert.True(snapshot.Ready);
        Assert.Equal(HealthStatus.Healthy, snapshot.Status);
        Assert.Empty(snapshot.UnavailableServices);
    }

    [Fact]
    public void ACriticalServiceDownMakesItUnhealthyAndNotReady()
    {
        var snapshot = Evaluate(("api", true, HealthStatus.Unhealthy), ("redis", false, HealthStatus.Healthy));

        Assert.False(snapshot.Ready);
        Assert.Equal(HealthStatus.Unhealthy, snapshot.Status);
        Assert.False(snapshot.AllCriticalServicesAvailable);
        Assert.Equal(["api"], snapshot.UnavailableServices);
    }

    [Fact]
    public void ANonCriticalServiceDownIsDegradedButReady()
    {
        var snapshot = Evaluate(("api", true, HealthStatus.Healthy), ("redis", false, HealthStatus.Unhealthy));

        Assert.True(snapshot.Ready);
        Assert.Equal(HealthStatus.Degraded, snapshot.Status);
        Assert.True(snapshot.AllCriticalServicesAvailable);
        Assert.Equal(["redis"], snapshot.UnavailableServices);
    }

    [Fact]
    public void ASlowCriticalServiceIsDegradedButReady()
    {
        var snapshot = Evaluate(("api", true, HealthStatus.Degraded));

        Assert.True(snapshot.Ready);
        Assert.Equal(HealthStatus.Degraded, snapshot.Status);
    }

    [Fact]
    public void AnUncheckedCriticalServiceMeansStartingAndNotReady()
    {
        var snapshot = Evaluate(("api", true, null), ("redis", false, HealthStatus.Healthy));

        Assert.Equal(GatewayPhase.Starting, snapshot.Phase);
        Assert.False(snapshot.Ready);
        Assert.Equal(HealthStatus.Unhealthy, snapshot.Status);
        Assert.Equal(["api"], snapshot.PendingServices);
    }

    [Fact]
    public void AnUncheckedNonCriticalServiceDoesNotHoldTheGateClosed()
    {
        var snapshot = Evaluate(("api", true, HealthStatus.Healthy), ("slow", false, null));

        Assert.Equal(GatewayPhase.Running, snapshot.Phase);
        Assert.True(snapshot.Ready);
        Assert.Equal(["slow"], snapshot.PendingServices);
    }

    [Fact]
    public void StoppingIsNeverReadyAndStatusStaysAValidHealthStatus()
    {
        var snapshot = ReadinessPolicy.Evaluate(true, [Service("api", true)],
            new Dictionary<string, ServiceCheckResult> { ["api"] = Result(HealthStatus.Healthy) }, 1, Now);

        Assert.Equal(GatewayPhase.Stopping, snapshot.Phase);
        Assert.False(snapshot.Ready);
        Assert.Equal(HealthStatus.Unhealthy, snapshot.Status);
    }
}
