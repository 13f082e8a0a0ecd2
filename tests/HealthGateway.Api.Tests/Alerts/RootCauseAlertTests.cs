using System.Net;
using System.Net.Sockets;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Alerts;

/// <summary>A backend that is down because its database is down: one root, not two unrelated failures.</summary>
public sealed class RootCauseAlertTests
{
    private const int SteadyStatePolls = 8;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheRootIsAlertedTheDependentOnlyWhenAskedAndItsRecoveryAlways(bool notifyDependents)
    {
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var database = new TcpListener(IPAddress.Loopback, 0);
        database.Start();
        var databasePort = ((IPEndPoint)database.LocalEndpoint).Port;
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings()
            .Service("database", "tcp", $"127.0.0.1:{databasePort}")
            .Service("backend_api", "http", $"{target.BaseUrl}/flappy", critical: true, fields: ("DependsOn:0", "database"))
            .Set("HealthGateway:Webhooks:0:Url", $"{receiver.BaseUrl}/hooks")
            .Set("HealthGateway:Alerts:NotifyDependents", notifyDependents ? "true" : "false")
            .StartAsync(checks.Register);
        await gateway.WaitForReadinessAsync(b => b.HasEntries("database", "backend_api") && b.EntryStatus("backend_api") == "Healthy");

        // The database goes first, so the backend's failure is seen while its root is already down.
        database.Stop();
        var rootAlert = Assert.Single(await receiver.WaitForAcceptedAsync(1));
        target.SetFlappyStatus(503);
        var body = await gateway.WaitForReadinessAsync(b => b.EntryStatus("backend_api") == "Unhealthy");
        await checks.WaitForMoreChecksAsync("backend_api", SteadyStatePolls);

        Assert.Equal("database", rootAlert.Field("service"));
        Assert.False(rootAlert.Body.TryGetProperty("rootCause", out _));
        Assert.Equal("database", body.Entry("backend_api").GetProperty("rootCause").GetString());
        Assert.Contains("503", body.EntryDescription("backend_api"), StringComparison.Ordinal);
        Assert.Equal(["database"], body.Strings("rootCauses"));
        if (notifyDependents)
        {
            var dependent = (await receiver.WaitForAcceptedAsync(2))[1];
            Assert.Equal("backend_api", dependent.Field("service"));
            Assert.Equal("database", dependent.Field("rootCause"));
            Assert.Contains("down because database is down", dependent.Field("text"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Single(receiver.Accepted);
        }

        // The backend recovers while the database is still down: a recovery is always news.
        target.SetFlappyStatus(200);
        var accepted = await receiver.WaitForAcceptedAsync(notifyDependents ? 3 : 2);
        var recovery = accepted[^1];
        Assert.Equal("backend_api", recovery.Field("service"));
        Assert.Equal("Healthy", recovery.Field("newStatus"));
    }
}
