using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Alerts;

public sealed class WebhookAlertTests
{
    // Enough polls for a duplicate or a per-poll webhook to show up, with PollInterval 200 ms.
    private const int SteadyStatePolls = 8;

    [Fact]
    public async Task EachTransitionPostsExactlyOneWebhookAndSteadyStatePostsNone()
    {
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .Set("HealthGateway:Webhooks:0:Url", $"{receiver.BaseUrl}/hooks/alerts")
            .Set("HealthGateway:Webhooks:0:Headers:X-Alert-Token", "team-token")
            .StartAsync(checks.Register);

        // Up from the start: a gateway restart is not news, so nothing is posted while it stays up.
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.EntryStatus("api") == "Healthy");
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);
        Assert.Empty(receiver.Accepted);

        target.SetFlappyStatus(503);
        var down = Assert.Single(await receiver.WaitForAcceptedAsync(1));
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);
        Assert.Single(receiver.Accepted);

        Assert.Equal("POST", down.Method);
        Assert.Equal("/hooks/alerts", down.PathAndQuery);
        Assert.StartsWith("application/json", down.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("team-token", down.Headers["X-Alert-Token"]);
        Assert.Equal("api", down.Field("service"));
        Assert.Equal("Healthy", down.Field("oldStatus"));
        Assert.Equal("Unhealthy", down.Field("newStatus"));
        Assert.Contains("503", down.Field("reason"), StringComparison.Ordinal);
        Assert.True(down.Body.GetProperty("critical").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(down.Field("time"), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Contains("api", down.Field("text"), StringComparison.Ordinal);
        Assert.Contains("Unhealthy", down.Field("text"), StringComparison.Ordinal);

        target.SetFlappyStatus(200);
        var accepted = await receiver.WaitForAcceptedAsync(2);
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);
        Assert.Equal(2, receiver.Accepted.Count);
        var up = accepted[1];
        Assert.Equal("Unhealthy", up.Field("oldStatus"));
        Assert.Equal("Healthy", up.Field("newStatus"));
    }

    [Fact]
    public async Task AServiceDownAtStartIsAlertedOnceAndOneUpAtStartIsNot()
    {
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("cache", "http", $"{target.BaseUrl}/status/503")
            .Set("HealthGateway:Webhooks:0:Url", $"{receiver.BaseUrl}/hook")
            .StartAsync(checks.Register);

        var alert = Assert.Single(await receiver.WaitForAcceptedAsync(1));
        await checks.WaitForMoreChecksAsync("cache", SteadyStatePolls);
        await checks.WaitForMoreChecksAsync("api", SteadyStatePolls);

        Assert.Single(receiver.Accepted);
        Assert.Equal("cache", alert.Field("service"));
        Assert.Equal("Unknown", alert.Field("oldStatus"));
        Assert.Equal("Unhealthy", alert.Field("newStatus"));
        Assert.False(alert.Body.GetProperty("critical").GetBoolean());
        Assert.Contains("HTTP 503", alert.Field("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryWebhookGetsTheAlert()
    {
        await using var target = await TargetServer.StartAsync();
        await using var receiverA = await WebhookReceiver.StartAsync();
        await using var receiverB = await WebhookReceiver.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("cache", "http", $"{target.BaseUrl}/status/503")
            .Set("HealthGateway:Webhooks:0:Url", $"{receiverA.BaseUrl}/a")
            .Set("HealthGateway:Webhooks:1:Url", $"{receiverB.BaseUrl}/b")
            .StartAsync();

        var a = Assert.Single(await receiverA.WaitForAcceptedAsync(1));
        var b = Assert.Single(await receiverB.WaitForAcceptedAsync(1));
        Assert.Equal("cache", a.Field("service"));
        Assert.Equal("cache", b.Field("service"));
    }

    [Fact]
    public async Task AFailingWebhookIsRetriedThenLoggedWithoutItsSecretsAndChecksGoOn()
    {
        await using var target = await TargetServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.RespondWith(500);
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings()
            .Service("cache", "http", $"{target.BaseUrl}/status/503")
            .Set("HealthGateway:Webhooks:0:Url", $"{receiver.BaseUrl}/services/T0001/PATHSECRET?token=QUERYSECRET")
            .Set("HealthGateway:Webhooks:0:Headers:Authorization", "Bearer HEADERSECRET")
            .Set("HealthGateway:WebhookRetries", "2")
            .Set("HealthGateway:WebhookRetryDelay", "00:00:00.010")
            .StartAsync(checks.Register);

        var failure = await WaitForLogAsync(gateway, "WebhookFailed");

        // One attempt and two retries, then it gives up on this alert.
        Assert.Equal(3, receiver.Attempts);
        Assert.Contains("500", failure, StringComparison.Ordinal);
        Assert.Contains("cache", failure, StringComparison.Ordinal);
        var everything = string.Join('\n', gateway.Logs.RenderedLines());
        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("T0001", everything, StringComparison.Ordinal);

        // Not fatal: the gateway keeps checking and answering.
        await checks.WaitForMoreChecksAsync("cache", 3);
        var (status, _) = await gateway.GetJsonAsync("/health/ready");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task AHangingWebhookDelaysNeitherTheChecksNorTheOtherWebhooks()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.RespondWith(0);
        await using var healthy = await WebhookReceiver.StartAsync();
        var checks = new CheckCounter();
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .Set("HealthGateway:Webhooks:0:Url", $"{hanging.BaseUrl}/stuck")
            .Set("HealthGateway:Webhooks:1:Url", $"{healthy.BaseUrl}/ok")
            .Set("HealthGateway:WebhookTimeout", "00:05:00")
            .StartAsync(checks.Register);
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.EntryStatus("api") == "Healthy");

        target.SetFlappyStatus(503);
        await healthy.WaitForAcceptedAsync(1);
        target.SetFlappyStatus(200);
        var both = await healthy.WaitForAcceptedAsync(2);
        await checks.WaitForMoreChecksAsync("api", 3);

        // The hanging receiver still holds its first request: the other webhook and the poller went on without it.
        Assert.Equal(1, hanging.Attempts);
        Assert.Equal(["Unhealthy", "Healthy"], both.Select(w => w.Field("newStatus")));
    }

    [Theory]
    [InlineData("ftp://alerts.example/hook", "HealthGateway:Webhooks:0:Url: not an absolute http or https URL")]
    [InlineData("/relative/hook", "HealthGateway:Webhooks:0:Url: not an absolute http or https URL")]
    [InlineData("https://user:PASSWORD@alerts.example/hook", "HealthGateway:Webhooks:0:Url: credentials in the URL are not sent")]
    public async Task AnInvalidWebhookUrlStopsTheGatewayAtStartAndNamesTheField(string url, string expected)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:Webhooks:0:Url", url)
            .StartAsync());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSWORD", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WebhookTimeout", "00:00:00.005", "HealthGateway:WebhookTimeout: must be from")]
    [InlineData("WebhookRetryDelay", "2.00:00:00", "HealthGateway:WebhookRetryDelay: must be from")]
    public async Task AWebhookTimingPollyWouldRefuseStopsTheGatewayAtStartNotAtTheFirstAlert(string field, string value, string expected)
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:Webhooks:0:Url", "http://127.0.0.1:9/hook")
            .Set($"HealthGateway:{field}", value)
            .StartAsync());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingWebhookUrlStopsTheGatewayAtStart()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:Webhooks:0:Headers:Authorization", "Bearer x")
            .StartAsync());

        Assert.Contains("HealthGateway:Webhooks:0:Url: missing", exception.Message, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForLogAsync(GatewayHost gateway, string eventName)
    {
        var logEvent = await Eventually.ReturnsAsync(() => gateway.Logs.WithEventName(eventName).FirstOrDefault(), found => found is not null,
            $"a {eventName} log event is written");
        return logEvent!.RenderMessage();
    }
}
