using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using HealthGateway.Checks.Tests.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Composition.Reload;

/// <summary>The snapshot store's side of a reload, as pure logic: what a service keeps and what it starts afresh with.</summary>
public sealed class StoreReloadTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingTransitionSink _transitions = new();

    [Fact]
    public void AnUnchangedServiceKeepsItsThresholdCountersAcrossAReload()
    {
        var api = Service("api", "fp-1", failureThreshold: 3);
        var (catalog, store) = Create(api);
        store.Record(api.Definition, Result(HealthStatus.Healthy));
        store.Record(api.Definition, Result(HealthStatus.Unhealthy));
        store.Record(api.Definition, Result(HealthStatus.Unhealthy));

        store.Apply([api], catalog.Options, [], [], []);
        store.Record(api.Definition, Result(HealthStatus.Unhealthy));

        // The third failure in a row counts: the two before the reload were kept.
        Assert.Equal(HealthStatus.Unhealthy, store.GetDetails("api")!.Latest!.Status);
        Assert.Equal(3, store.GetDetails("api")!.ConsecutiveFailures);
        Assert.Equal([null, HealthStatus.Healthy], _transitions.Transitions.Select(t => t.From));
    }

    [Fact]
    public void AChangedServiceStartsAfreshKeepsItsHistoryAndRecordsTheChangeWithoutAlertingWhenItsStatusStays()
    {
        var api = Service("api", "fp-1", failureThreshold: 3);
        var (catalog, store) = Create(api);
        store.Record(api.Definition, Result(HealthStatus.Healthy));
        store.Record(api.Definition, Result(HealthStatus.Unhealthy));

        var changed = Service("api", "fp-2", failureThreshold: 3);
        store.Apply([changed], catalog.Options, [], [], [changed.Definition]);

        // Until checked again, the status from before the change is still served, and said to be.
        Assert.DoesNotContain("api", store.Current.PendingServices);
        Assert.Equal(HealthStatus.Healthy, store.GetDetails("api")!.Latest!.Status);
        Assert.StartsWith("under the previous settings", store.GetDetails("api")!.Latest!.Description, StringComparison.Ordinal);

        // A late result of the old settings is dropped; the first of the new ones is the transition.
        store.Record(api.Definition, Result(HealthStatus.Unhealthy));
        Assert.Equal(0, store.GetDetails("api")!.ConsecutiveFailures);
        store.Record(changed.Definition, Result(HealthStatus.Healthy));

        var details = store.GetDetails("api")!;
        Assert.Equal(3, details.History.Count);
        Assert.Equal(1, details.ConsecutiveSuccesses);
        var last = details.Transitions[^1];
        Assert.Equal((HealthStatus?)HealthStatus.Healthy, last.From);
        Assert.StartsWith("configuration changed", last.Reason, StringComparison.Ordinal);
        Assert.Single(_transitions.Transitions);
    }

    [Fact]
    public void EditingACriticalServiceKeepsTheGatewayReadyAndOneTransientFailureAfterItIsNotAlerted()
    {
        var api = Service("api", "fp-1", failureThreshold: 2);
        var (catalog, store) = Create(api);
        store.Record(api.Definition, Result(HealthStatus.Healthy));
        Assert.True(store.Current.Ready);

        // Only a tag changed, say: a ConfigMap update must not turn every replica's readiness red until checked.
        var changed = Service("api", "fp-2", failureThreshold: 2);
        store.Apply([changed], catalog.Options, [], [], [changed.Definition]);
        Assert.True(store.Current.Ready);

        // The first failure under the new settings is held to the threshold against the status before the change.
        store.Record(changed.Definition, Result(HealthStatus.Unhealthy));
        Assert.Equal(HealthStatus.Healthy, store.GetDetails("api")!.Latest!.Status);
        Assert.StartsWith("1 of 2 failures before Unhealthy", store.GetDetails("api")!.Latest!.Description, StringComparison.Ordinal);
        Assert.True(store.Current.Ready);
        Assert.StartsWith("configuration changed", store.GetDetails("api")!.Transitions[^1].Reason, StringComparison.Ordinal);
        Assert.Equal([(HealthStatus?)null], _transitions.Transitions.Select(t => t.From));

        store.Record(changed.Definition, Result(HealthStatus.Unhealthy));
        Assert.Equal(HealthStatus.Unhealthy, store.GetDetails("api")!.Latest!.Status);
        Assert.Equal(HealthStatus.Unhealthy, _transitions.Transitions[^1].To);
    }

    [Fact]
    public void ARemovedServiceLeavesTheSnapshotAndAnAddedOneIsPending()
    {
        var api = Service("api", "fp-1");
        var (catalog, store) = Create(api);
        store.Record(api.Definition, Result(HealthStatus.Healthy));

        var db = Service("db", "fp-3");
        store.Apply([db], catalog.Options, ["api"], [db.Definition], []);

        Assert.Null(store.GetDetails("api"));
        Assert.Equal(["db"], store.Current.Entries.Select(e => e.Definition.Name));
        Assert.Equal(["db"], store.Current.PendingServices);
        Assert.Equal(1, catalog.Version);
    }

    [Fact]
    public void AReloadKeepsTheUptimeOfAnUnchangedServiceAndStartsAChangedOneAfresh()
    {
        var api = Service("api", "fp-1");
        var db = Service("db", "fp-db");
        var (catalog, store) = Create(api, db);
        foreach (var status in new[] { HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Healthy })
        {
            store.Record(api.Definition, Result(status));
            store.Record(db.Definition, Result(status));
            _time.Advance(TimeSpan.FromMinutes(10));
        }

        var kept = store.GetDetails("api")!.Uptime;
        Assert.InRange(kept.LastHour!.Value, 66.5, 66.8);

        var changedDb = Service("db", "fp-db-2");
        store.Apply([api, changedDb], catalog.Options, [], [], [changedDb.Definition]);

        Assert.Equal(kept, store.GetDetails("api")!.Uptime);
        Assert.Equal(new ServiceUptime(null, null, null), store.GetDetails("db")!.Uptime);
    }

    private (ServiceCatalog Catalog, HealthSnapshotStore Store) Create(params MonitoredService[] services)
    {
        var options = Options.Create(new GatewayOptions());
        var catalog = new ServiceCatalog(services, new HealthCheckServiceOptions(), options.Value);
        return (catalog, new HealthSnapshotStore(catalog, options, _time, [_transitions], [], NullLogger<HealthSnapshotStore>.Instance));
    }

    private static MonitoredService Service(string name, string fingerprint, int failureThreshold = 1)
    {
        var definition = PollerHarness.Definition(name, failureThreshold: failureThreshold);
        var registration = new HealthCheckRegistration(name, new ScriptedHealthCheck(), HealthStatus.Unhealthy, definition.Tags, definition.Timeout);
        return new MonitoredService(definition, registration, fingerprint);
    }

    private ServiceCheckResult Result(HealthStatus status)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return new ServiceCheckResult(status, TimeSpan.FromMilliseconds(5), status.ToString(), _time.GetUtcNow(), ServiceCheckResult.NoData);
    }
}
