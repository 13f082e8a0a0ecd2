using HealthGateway.Api.Fleet;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>The table of owners as pure logic: rendezvous hashing over the members that run the same settings.</summary>
public sealed class FleetViewTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> s_noForeign = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    [Fact]
    public void EveryReplicaComputesTheSameOwnersAndTheyAreSpreadOverTheMembers()
    {
        var services = Services(300, "v1");
        var config = FleetView.ConfigOf(services);
        FleetMember[] members = [new("a", config), new("b", config), new("c", config)];
        var views = members.Select(m => FleetView.Build(m.Replica, config, services, 1, members, s_noForeign)).ToList();

        var owners = services.Select(s => views.Select(v => v.Placement(s.Definition.Name).Owner).Distinct().Single()).ToList();
        Assert.All(owners.GroupBy(o => o), group => Assert.InRange(group.Count(), 60, 140));
        Assert.Equal(300, services.Count(s => views.Count(v => v.IsMine(s.Definition.Name)) == 1));
    }

    [Fact]
    public void WhenAMemberLeavesOnlyItsServicesMove()
    {
        var services = Services(300, "v1");
        var config = FleetView.ConfigOf(services);
        FleetMember[] three = [new("a", config), new("b", config), new("c", config)];
        var before = FleetView.Build("a", config, services, 1, three, s_noForeign);
        var after = FleetView.Build("a", config, services, 1, three[..2], s_noForeign);

        foreach (var name in services.Select(s => s.Definition.Name))
        {
            if (before.Placement(name).Owner != "c")
            {
                Assert.Equal(before.Placement(name).Owner, after.Placement(name).Owner);
            }
        }

        Assert.Contains(after.GainedSince(before), name => before.Placement(name).Owner == "c");
        Assert.All(after.GainedSince(before), name => Assert.Equal("c", before.Placement(name).Owner));
    }

    [Fact]
    public void AMemberWithOtherSettingsIsACandidateOnlyForTheServicesWhoseFingerprintItShares()
    {
        var old = Services(2, "v1");
        var updated = new List<MonitoredService> { old[0], old[1] with { Fingerprint = "changed" } };
        var (oldConfig, newConfig) = (FleetView.ConfigOf(old), FleetView.ConfigOf(updated));
        FleetMember[] members = [new("a", oldConfig), new("b", oldConfig), new("c", newConfig)];
        var foreign = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [newConfig] = updated.ToDictionary(s => s.Definition.Name, s => s.Fingerprint!, StringComparer.OrdinalIgnoreCase),
        };

        var onOld = FleetView.Build("a", oldConfig, old, 1, members, foreign);
        Assert.Equal(["a", "b", "c"], onOld.Placement(old[0].Definition.Name).Members);
        Assert.Equal(["a", "b"], onOld.Placement(old[1].Definition.Name).Members);

        var onNew = FleetView.Build("c", newConfig, updated, 1, members, new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [oldConfig] = old.ToDictionary(s => s.Definition.Name, s => s.Fingerprint!, StringComparer.OrdinalIgnoreCase),
        });
        Assert.Equal(["c"], onNew.Placement(old[1].Definition.Name).Members);
        Assert.True(onNew.IsMine(old[1].Definition.Name));
    }

    [Fact]
    public void StandaloneOwnsEverythingAndSaysSo()
    {
        var view = FleetView.Standalone("a", Services(3, "v1"), 1);
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(view.IsMine($"svc{i}")));
        Assert.Equal("standalone", view.Placement("svc0").Mode);
        Assert.True(view.IsMine("registered-in-code"));
    }

    private static List<MonitoredService> Services(int count, string version) =>
        Enumerable.Range(0, count).Select(i => new MonitoredService(
            new ServiceDefinition($"svc{i}", "http", false, TimeSpan.FromSeconds(1), null, [], "http://x", 1, 1, 0, TimeSpan.Zero),
            new HealthCheckRegistration($"svc{i}", _ => null!, null, null), $"{version}-{i}")).ToList();
}
