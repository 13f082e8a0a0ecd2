using System.Net;
using System.Text;
using HealthGateway.Api.Heartbeats;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// A push (heartbeat) service in a fleet of two real gateway processes: a heartbeat sent to the replica that does
/// not own the service counts on the owner, which alone judges it; its absence is then Unhealthy everywhere; a
/// heartbeat with a wrong token is refused and counted nowhere.
/// </summary>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetHeartbeatTests
{
    private const string Token = "Fleet-hb-t0ken";
    private static readonly TimeSpan s_within = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task AHeartbeatToAnyReplicaCountsForAllAndItsAbsenceIsUnhealthyEverywhere()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var url = $"{target.BaseUrl}/ok";
        var push = new Dictionary<string, string>
        {
            ["HealthGateway__Services__job__Kind"] = "push",
            ["HealthGateway__Services__job__Within"] = s_within.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["HealthGateway__Services__job__Token"] = Token,
        };
        await using var first = FleetReplica.Start(redis, url, extra: push);
        await using var second = FleetReplica.Start(redis, url, extra: push);
        FleetReplica[] replicas = [first, second];
        var owner = await FleetReplica.WaitForOneOwnerAsync(replicas, service: "job");
        var other = replicas.Single(r => r != owner);

        // Refused on both, and counted on neither: several polls later the service is still pending everywhere.
        using (var wrong = await PostAsync(other, "not-the-token"))
        using (var wrongAtOwner = await PostAsync(owner, "not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongAtOwner.StatusCode);
        }

        await Task.Delay(FleetReplica.MemberTimeout * 2);
        foreach (var replica in replicas)
        {
            Assert.Null(await replica.StatusAsync("job"));
            Assert.Contains("job", await PendingAsync(replica));
        }

        // Sent to the replica that does not own it: every replica reports it Healthy.
        using (var accepted = await PostAsync(other, Token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Healthy", "job");

        // None since: the owner judges the window by the heartbeat it heard of, and every replica reports the silence.
        // Without the heartbeat shared, the owner would still be waiting for a first one and nobody would say so.
        await FleetLoadAndAlertTests.WaitForStatusAsync(replicas, "Unhealthy", "job");
        foreach (var replica in replicas)
        {
            var description = (await replica.ServiceAsync("job"))!.Value.GetProperty("description").GetString();
            Assert.Matches(@"^no heartbeat for \d+ s \(last at \d\d:\d\d:\d\dZ\), expected within 4 s$", description);
        }

        // A failure reported to the other replica: said by the owner's judgement everywhere, with the job's words.
        using (var failed = await PostAsync(other, Token, """{"status":"fail","message":"disk full"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await Task.WhenAll(replicas.Select(r => r.ServiceAsync("job"))))
            .All(body => body?.GetProperty("description").GetString()?.StartsWith("the job reported a failure: disk full", StringComparison.Ordinal) == true),
            "every replica reports the job's failure", FleetReplica.Generous);
    }

    private static async Task<HttpResponseMessage> PostAsync(FleetReplica replica, string token, string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{replica.BaseUrl}/heartbeat/job"));
        request.Headers.Add(HeartbeatEndpoints.TokenHeader, token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await FleetReplica.Http.SendAsync(request);
    }

    private static async Task<List<string?>> PendingAsync(FleetReplica replica)
    {
        using var response = await FleetReplica.Http.GetAsync(new Uri($"{replica.BaseUrl}/health/ready"));
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("pendingServices").EnumerateArray().Select(e => e.GetString()).ToList();
    }
}
