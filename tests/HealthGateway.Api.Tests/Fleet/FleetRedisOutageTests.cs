using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HealthGateway.Testing;
using Xunit.Abstractions;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// Redis killed, restarted and frozen under two replicas: each falls back to checking everything itself and says so
/// (<c>cluster.mode: "standalone"</c>, one warning), comes back to the fleet, and answers every readiness request
/// meanwhile — no 500, no waiter left hanging.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetRedisOutageTests(ITestOutputHelper output)
{
    private const string StandaloneWarning = "cannot be reached; this replica checks every service itself";

    [Fact]
    public async Task RedisKilledRestartedAndFrozenTurnsTheReplicasStandaloneAndBackWithEveryAnswerOnTime()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var url = $"{target.BaseUrl}/ok";
        await using var a = FleetReplica.Start(redis, url);
        await using var b = FleetReplica.Start(redis, url);
        FleetReplica[] replicas = [a, b];
        await FleetReplica.WaitForOneOwnerAsync(replicas);
        await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Healthy");

        using var asking = new CancellationTokenSource();
        var answers = new ConcurrentBag<(string Status, TimeSpan Took)>();
        var askers = Task.WhenAll(replicas.Select(r => AskWithWaitAsync(r, answers, asking.Token)));

        var beforeOutage = replicas.Select(r => r.Process.Output.Length).ToArray();
        await redis.KillAsync();
        await WaitForModeAsync(replicas, "standalone");
        var sinceStandalone = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(async () => (await Task.WhenAll(replicas.Select(r => r.ServiceAsync())))
            .All(body => body is { } b && b.GetProperty("checkedAt").GetDateTimeOffset() > sinceStandalone), "both replicas check for themselves", FleetReplica.Generous);

        // A warning once per outage, not once per failed beat: this outage lasted several beats.
        for (var i = 0; i < replicas.Length; i++)
        {
            var during = replicas[i].Process.Output[beforeOutage[i]..];
            Assert.True(CountOf(during, StandaloneWarning) == 1, $"{CountOf(during, StandaloneWarning)} standalone warnings in one outage\n{during}");
        }

        await redis.StartAgainAsync();
        await FleetReplica.WaitForOneOwnerAsync(replicas);

        // Frozen: connected, but nothing answered. Readiness answers from each replica's own store all the same.
        redis.Freeze();
        await WaitForModeAsync(replicas, "standalone");
        redis.Thaw();
        await FleetReplica.WaitForOneOwnerAsync(replicas);

        await asking.CancelAsync();
        await askers;
        var worst = answers.Max(answer => answer.Took);
        output.WriteLine($"{answers.Count} readiness answers with ?wait=1 during the outages, slowest {worst.TotalMilliseconds:F0} ms");
        var bad = answers.Where(answer => answer.Status != "200").Select(answer => answer.Status).Distinct().ToList();
        Assert.True(bad.Count == 0, $"answers other than 200: {string.Join(", ", bad)}");
        Assert.True(worst < TimeSpan.FromSeconds(10), $"a ?wait=1 request took {worst}");
        Assert.All(replicas, r => Assert.Contains("Fleet: Redis is back", r.Process.Output, StringComparison.Ordinal));
    }

    private static async Task WaitForModeAsync(IReadOnlyList<FleetReplica> replicas, string mode) =>
        await Eventually.TrueAsync(async () => (await Task.WhenAll(replicas.Select(r => r.ClusterAsync())))
            .All(cluster => cluster is { } c && c.GetProperty("mode").GetString() == mode), $"every replica is in {mode} mode", FleetReplica.Generous);

    /// <summary>
    /// Keeps asking <c>/health/ready?wait=1&amp;fresh=true</c>: a fresh check on a replica that does not own the service
    /// asks the owner, which may be unreachable; the answer must come all the same.
    /// </summary>
    private static async Task AskWithWaitAsync(FleetReplica replica, ConcurrentBag<(string, TimeSpan)> answers, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await FleetReplica.Http.GetAsync(new Uri($"{replica.BaseUrl}/health/ready?wait=1&fresh=true"), CancellationToken.None);
                answers.Add((((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), clock.Elapsed));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                answers.Add(($"error {ex.GetType().Name}", clock.Elapsed));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
