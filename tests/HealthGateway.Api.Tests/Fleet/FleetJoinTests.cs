using HealthGateway.Api.Tests.Alerts;
using HealthGateway.Testing;
using Xunit.Abstractions;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// A replica that joins while the service is down and its owner is being replaced (killed with -9 as the new
/// replica starts): the fleet has alerted the down transition once, and the newcomer must not alert it again as its
/// own "first result after start". It learns the service's state from the fleet before it checks anything.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetJoinTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AReplicaJoiningDuringAHandoverSendsNoSecondAlertForATransitionTheFleetAlerted()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = $"{target.BaseUrl}/flappy";
        target.SetFlappyStatus(200);
        var replicas = new List<FleetReplica> { FleetReplica.Start(redis, url, receiver.BaseUrl), FleetReplica.Start(redis, url, receiver.BaseUrl) };
        try
        {
            var owner = await FleetReplica.WaitForOneOwnerAsync(replicas);
            await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Healthy");
            await Task.Delay(FleetReplica.MemberTimeout);
            var before = receiver.Accepted.Count;
            IReadOnlyList<ReceivedWebhook> Alerts() => receiver.Accepted.Skip(before).Where(a => a.Field("service") == "api").ToList();

            target.SetFlappyStatus(503);
            await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Unhealthy");
            await Eventually.TrueAsync(() => Alerts().Count >= 1, "the down flip is alerted", FleetReplica.Generous);

            // The owner goes as the newcomer arrives; the newcomer and the survivor share the service from then on.
            await owner.Process.KillAsync();
            var newcomer = FleetReplica.Start(redis, url, receiver.BaseUrl);
            replicas.Add(newcomer);
            var survivors = replicas.Where(r => r != owner).ToArray();
            await FleetReplica.WaitForOneOwnerAsync(survivors);
            await FleetLoadAndAlertTests.WaitForStatusAsync(survivors, "Unhealthy");

            // Long enough for a duplicate from either to have arrived: several polls and a member timeout.
            await Task.Delay(FleetReplica.MemberTimeout * 3);
            var alerts = Alerts();
            output.WriteLine(string.Join("\n", alerts.Select(a => a.Body.ToString())));
            Assert.True(alerts.Count == 1, $"expected 1 alert, got {alerts.Count}: {string.Join("\n", alerts.Select(a => a.Body.ToString()))}\n"
                + string.Join("\n---\n", replicas.Select(r => r.Process.Output)));
            Assert.Equal("Unhealthy", alerts[0].Field("newStatus"));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
