using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// A rolling update caught halfway: one replica runs new settings for <c>api</c>, two the old ones. Each version is
/// checked by its own owner among the replicas that run it, and no replica judges the other version's results.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetFingerprintTests
{
    [Fact]
    public async Task AServiceWithTwoSettingsMidRolloutIsCheckedUnderEachByItsOwnOwner()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var before = $"{target.BaseUrl}/status/200";
        var after = $"{target.BaseUrl}/ok";
        await using var old1 = FleetReplica.Start(redis, before);
        await using var old2 = FleetReplica.Start(redis, before);
        await using var updated = FleetReplica.Start(redis, after);

        // The old settings' owner is one of the two that run them; the new settings' only candidate is the updated one.
        await FleetReplica.WaitForOneOwnerAsync([old1, old2], members: 2);
        var placed = await FleetReplica.WaitForOneOwnerAsync([updated], members: 1);
        Assert.Equal(updated, placed);
        var cluster = (await old1.ClusterAsync())!.Value;
        Assert.DoesNotContain(updated.Id, cluster.GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        target.ResetHits();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (oldChecks, newChecks) = (target.Hits("/status/200"), target.Hits("/ok"));

        // Both versions are checked, each at one gateway's rate: the two old replicas do not both check theirs.
        Assert.True(oldChecks > 3 && newChecks > 3, $"old settings checked {oldChecks} times, new {newChecks}");
        Assert.True(oldChecks <= newChecks * 1.5 + 2, $"old settings checked {oldChecks} times by two replicas, new {newChecks} by one");
        Assert.Equal(after, (await updated.ServiceAsync())!.Value.GetProperty("target").GetString());
        Assert.Equal(before, (await old2.ServiceAsync())!.Value.GetProperty("target").GetString());
    }
}
