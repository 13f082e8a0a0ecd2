using System.Diagnostics;
using HealthGateway.Api.Tests.Alerts;
using HealthGateway.Testing;
using Xunit.Abstractions;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// Three real gateway processes on one real redis-server, checking one real HTTP target: the dependency sees one
/// gateway's load, the webhook one alert per transition, and every replica the same answer.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetLoadAndAlertTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeReplicasPutTheLoadOfOneOnTheDependency()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var url = $"{target.BaseUrl}/ok";
        await using var first = FleetReplica.Start(redis, url);
        await FleetReplica.WaitForOneOwnerAsync([first]);
        var alone = await CountChecksAsync(target);

        await using var second = FleetReplica.Start(redis, url);
        await using var third = FleetReplica.Start(redis, url);
        await FleetReplica.WaitForOneOwnerAsync([first, second, third]);
        var three = await CountChecksAsync(target);

        output.WriteLine($"checks in 3 s: one replica {alone}, three replicas {three}");
        Assert.True(alone > 3, $"one replica checked {alone} times in 3 s");

        // Every replica checking for itself would be three times the load; the fleet keeps it at one gateway's.
        Assert.True(three <= alone * 1.5 + 2, $"three replicas checked {three} times, one replica {alone}");
    }

    [Fact]
    public async Task ExactlyOneWebhookPerTransitionWithThreeReplicasEvenWhenTheOwnerIsKilledBetweenDownAndUp()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = $"{target.BaseUrl}/flappy";
        target.SetFlappyStatus(200);
        FleetReplica[] replicas = [FleetReplica.Start(redis, url, receiver.BaseUrl), FleetReplica.Start(redis, url, receiver.BaseUrl), FleetReplica.Start(redis, url, receiver.BaseUrl)];
        try
        {
            var owner = await FleetReplica.WaitForOneOwnerAsync(replicas);
            await WaitForStatusAsync(replicas, "Healthy");

            // Alerts from the start (each replica checks on its own until the fleet forms, and alerts its own
            // self-checks) are not what this test counts: only the service's, from the first flip on.
            await Task.Delay(FleetReplica.MemberTimeout);
            var before = receiver.Accepted.Count;
            IReadOnlyList<ReceivedWebhook> Alerts() => receiver.Accepted.Skip(before).Where(a => a.Field("service") == "api").ToList();

            // Down: every replica's answer flips, within one propagation delay of the first.
            target.SetFlappyStatus(503);
            var window = await WaitForStatusAsync(replicas, "Unhealthy");
            output.WriteLine($"disagreement window after the flip: {window.TotalMilliseconds:F0} ms");
            await Eventually.TrueAsync(() => Alerts().Count >= 1, "the down flip is alerted", FleetReplica.Generous);
            var down = Alerts();

            // The owner dies before the service comes back; a survivor takes over and alerts the recovery, once.
            await owner.Process.KillAsync();
            var survivors = replicas.Where(r => r != owner).ToArray();
            target.SetFlappyStatus(200);
            await WaitForStatusAsync(survivors, "Healthy");
            await Eventually.TrueAsync(() => Alerts().Count >= 2, "the recovery is alerted", FleetReplica.Generous);

            // Long enough for a duplicate from any replica to have arrived: several polls and a member timeout.
            await Task.Delay(FleetReplica.MemberTimeout * 3);
            var alerts = Alerts();
            Assert.True(alerts.Count == 2, $"expected 2 alerts, got {alerts.Count}: {string.Join("\n", alerts.Select(a => a.Body.ToString()))}");
            Assert.Equal(["Unhealthy", "Healthy"], alerts.Select(a => a.Field("newStatus")));
            Assert.Equal(owner.Id, down[0].Field("replica"));
            Assert.Contains(alerts[1].Field("replica"), survivors.Select(r => r.Id));
            Assert.NotEqual(alerts[0].Field("transitionId"), alerts[1].Field("transitionId"));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static async Task<int> CountChecksAsync(TargetServer target)
    {
        target.ResetHits();
        await Task.Delay(TimeSpan.FromSeconds(3));
        return target.Hits("/ok");
    }

    /// <summary>Waits until every replica reports <paramref name="status"/>; returns the time between the first and the last to do so.</summary>
    internal static async Task<TimeSpan> WaitForStatusAsync(IReadOnlyList<FleetReplica> replicas, string status, string service = "api")
    {
        var clock = Stopwatch.StartNew();
        var seen = new TimeSpan?[replicas.Count];
        await Eventually.TrueAsync(async () =>
        {
            var answers = await Task.WhenAll(replicas.Select(r => r.StatusAsync(service)));
            for (var i = 0; i < answers.Length; i++)
            {
                if (answers[i] == status)
                {
                    seen[i] ??= clock.Elapsed;
                }
            }

            return seen.All(s => s is not null);
        }, $"every replica reports {service} {status}", FleetReplica.Generous);
        return seen.Max()!.Value - seen.Min()!.Value;
    }
}
