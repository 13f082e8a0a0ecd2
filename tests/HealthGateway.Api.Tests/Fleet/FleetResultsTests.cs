using HealthGateway.Api.Fleet;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>Which recorded results came from other replicas: pure logic, a real store, no Redis.</summary>
public sealed class FleetResultsTests
{
    [Fact]
    public void AnEarlierRemoteResultStaysRemoteWhenALaterOneIsRecordedBeforeItsTransitionIsTicketed()
    {
        // A joining replica records the results hash and the channel together: the first result's transition
        // (Unknown to Unhealthy) is ticketed after the second arrived. Were it taken for its own, it would alert it.
        var options = new GatewayOptions();
        options.Services["api"] = new ServiceOptions { Kind = "http" };
        var definition = new ServiceDefinition("api", "http", true, TimeSpan.FromSeconds(1), null, [], "http://127.0.0.1:1/", 1, 1, 0, TimeSpan.Zero);
        List<MonitoredService> services = [new(definition, new HealthCheckRegistration("api", _ => null!, null, null), "v1")];
        var catalog = new ServiceCatalog(services, new HealthCheckServiceOptions(), options);
        var config = FleetView.ConfigOf(services);
        FleetMember[] members = [new("a", config), new("b", config)];
        var state = new FleetState(FleetView.Build("a", config, services, 1, members, new Dictionary<string, IReadOnlyDictionary<string, string>>()));
        var store = new HealthSnapshotStore(catalog, Options.Create(options), TimeProvider.System, [], [], NullLogger<HealthSnapshotStore>.Instance);
        using var provider = new ServiceCollection().AddSingleton(store).BuildServiceProvider();
        var results = new FleetResults(state, new FleetKeys("test"), provider);

        var first = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var second = first.AddMilliseconds(300);
        results.Apply(Message(first));
        results.Apply(Message(second));

        Assert.True(results.IsRemote("api", first));
        Assert.True(results.IsRemote("API", second));
        Assert.False(results.IsRemote("api", second.AddMilliseconds(1)));
        Assert.Equal(HealthStatus.Unhealthy, store.Current.Entries.Single(e => e.Definition.Name == "api").Result?.Status);
    }

    private static FleetMessage Message(DateTimeOffset checkedAt) => new(FleetMessage.Result, "b")
    {
        Service = "api",
        Fingerprint = "v1",
        Status = nameof(HealthStatus.Unhealthy),
        Description = "HTTP 503",
        CheckedAt = checkedAt,
    };
}
