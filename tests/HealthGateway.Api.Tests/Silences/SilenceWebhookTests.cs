using HealthGateway.Api.Silences;
using HealthGateway.Api.Tests.Alerts;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Checks.Pipeline.Snapshots;
using HealthGateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Api.Tests.Silences;

public sealed class SilenceWebhookTests
{
    private const int SteadyStatePolls = 8;

    [Fact]
    public async Task NoWebhookIsSentForASilencedServiceAndOneIsSentAgainOnceTheSilenceEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true, ("Timeout", "00:00:10"))
            .Set("HealthGateway:Webhooks:0:Url", $"{receiver.BaseUrl}/hooks")
            .StartAsync(services =>
            {
                checks.Register(services);
                services.AddSingleton(sp => new ActiveSilences(sp.GetRequiredService<ServiceCatalog>(), clock));
            });
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.EntryStatus("api") == "Healthy");

        Assert.Equal(201, (await gateway.CreateSilenceAsync(new { services = new[] { "api" }, duration = "00:30:00", reason = "deploy" })).Status);
        var silencedAt = DateTimeOffset.UtcNow;

        // Down and up again while silenced: checked, reported, gating, but nobody paged.
        target.SetFlappyStatus(503);
        var down = await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Unhealthy");
        Assert.NotNull(down.Silenced("api"));
        Assert.Equal(503, (await gateway.GetJsonAsync("/health/ready")).Status);
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);
        target.SetFlappyStatus(200);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Healthy");
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);
        // (Under load a first check may time out before the silence: that alert is from before it.)
        Assert.Empty(AlertsSince(receiver, silencedAt));

        // The silence runs out on its own; the next transition is alerted as usual.
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null((await gateway.GetJsonAsync("/health/ready")).Body.Silenced("api"));
        target.SetFlappyStatus(503);
        var before = receiver.Accepted.Count;
        await receiver.WaitForAcceptedAsync(before + 1);
        var alert = Assert.Single(AlertsSince(receiver, silencedAt));
        Assert.Equal("api", alert.Field("service"));
        Assert.Equal("Unhealthy", alert.Field("newStatus"));
    }

    private static List<ReceivedWebhook> AlertsSince(WebhookReceiver receiver, DateTimeOffset since) =>
        receiver.Accepted.Where(alert => DateTimeOffset.Parse(alert.Field("time"), System.Globalization.CultureInfo.InvariantCulture) >= since).ToList();
}
