using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using HealthGateway.Testing;
using Xunit.Abstractions;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// The owner of a service lost (kill -9) or frozen (SIGSTOP): its services are taken over and checked again within
/// the member timeout, and no survivor's readiness ever goes back to pending meanwhile.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetFailoverTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("kill -9")]
    [InlineData("SIGSTOP")]
    public async Task ALostOwnersServicesAreCheckedAgainByAnotherReplicaAndReadinessNeverReturnsToPending(string how)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var url = $"{target.BaseUrl}/ok";
        FleetReplica[] replicas = [FleetReplica.Start(redis, url), FleetReplica.Start(redis, url), FleetReplica.Start(redis, url)];
        try
        {
            var owner = await FleetReplica.WaitForOneOwnerAsync(replicas);
            var survivors = replicas.Where(r => r != owner).ToArray();
            await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Healthy");

            // Out of pending first, every service (the self-checks too: the notifier's first probe may come seconds
            // after the service's first result on a loaded machine, and its pending is not the handover's doing).
            await Eventually.TrueAsync(async () => (await Task.WhenAll(survivors.Select(ReadinessAsync))).All(sample => sample == "200"),
                "every survivor is ready with nothing pending", FleetReplica.Generous);
            using var sampling = new CancellationTokenSource();
            var samples = new ConcurrentBag<string>();
            var sampler = Task.WhenAll(survivors.Select(r => SampleReadinessAsync(r, samples, sampling.Token)));

            // Samples on both sides of the loss: a loaded machine may take a while to answer the first ones.
            await Eventually.TrueAsync(() => samples.Count >= 4, "readiness is sampled before the loss", FleetReplica.Generous);
            var lost = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            if (how == "kill -9")
            {
                await owner.Process.KillAsync();
            }
            else
            {
                owner.Process.Freeze();
            }

            // Re-owned by a survivor, and checked by it after the loss: the check is what the target sees.
            var newOwner = await FleetReplica.WaitForOneOwnerAsync(survivors);
            var reowned = clock.Elapsed;
            await Eventually.TrueAsync(async () => await survivors[0].ServiceAsync() is { } body
                && body.GetProperty("checkedAt").GetDateTimeOffset() > lost + FleetReplica.MemberTimeout, "a survivor checks the service again", FleetReplica.Generous);
            var rechecked = clock.Elapsed;
            var sampled = samples.Count;
            await Eventually.TrueAsync(() => samples.Count >= sampled + 4, "readiness is sampled after the handover", FleetReplica.Generous);
            await sampling.CancelAsync();
            await sampler;

            output.WriteLine($"{how}: re-owned by {newOwner.Id} after {reowned.TotalMilliseconds:F0} ms, checked again after {rechecked.TotalMilliseconds:F0} ms (member timeout {FleetReplica.MemberTimeout.TotalMilliseconds:F0} ms); {samples.Count} readiness samples");
            Assert.NotEqual(owner.Id, newOwner.Id);

            // The timeout is the feature: taken over within it, with a generous margin for a loaded machine.
            Assert.True(rechecked < FleetReplica.MemberTimeout + TimeSpan.FromSeconds(8), $"checked again only after {rechecked}");
            var bad = samples.Where(s => s != "200").ToList();
            Assert.True(bad.Count == 0, $"readiness answers other than 200 during the handover: {string.Join(", ", bad.Distinct())}");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Process.Thaw();
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>Asks readiness every 50 ms and records what <see cref="ReadinessAsync"/> says of each answer.</summary>
    internal static async Task SampleReadinessAsync(FleetReplica replica, ConcurrentBag<string> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            samples.Add(await ReadinessAsync(replica));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One readiness answer, as "200" only when it is 200 with <c>api</c> Healthy among the entries and nothing
    /// pending; otherwise it names what was wrong (the pending services, the missing entry, the code, the error).
    /// </summary>
    private static async Task<string> ReadinessAsync(FleetReplica replica)
    {
        try
        {
            using var response = await FleetReplica.Http.GetAsync(new Uri($"{replica.BaseUrl}/health/ready"));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var pending = body.GetProperty("pendingServices").EnumerateArray().Select(e => e.GetString()).ToList();
            var code = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return pending.Count > 0 ? $"{replica.Id}: pending {string.Join(",", pending)}"
                : !body.GetProperty("entries").TryGetProperty("api", out var api) ? $"{replica.Id}: api absent"
                : api.GetProperty("status").GetString() != "Healthy" ? $"{replica.Id}: api {api.GetProperty("status").GetString()}"
                : code;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"{replica.Id}: error {ex.GetType().Name} {ex.Message}";
        }
    }
}
