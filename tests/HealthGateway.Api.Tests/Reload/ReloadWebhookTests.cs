using HealthGateway.Api.Tests.Alerts;
using HealthGateway.Testing;
using static HealthGateway.Api.Tests.Reload.ReloadingGateway;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// A reload sends webhooks only for what really moved: a changed service that recovered under its new settings,
/// never for a service left as it was (even a down one), nor for a service added healthy.
/// </summary>
public sealed class ReloadWebhookTests : ReloadTestBase
{
    private WebhookReceiver _receiver = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task OnlyAChangedServiceWhoseStatusMovedIsAlerted()
    {
        var down = Target.BaseUrl + "/status/500";
        var ok = Target.BaseUrl + "/ok";
        var appSettings = Settings([]);
        appSettings["HealthGateway"]!["Webhooks"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["Url"] = _receiver.BaseUrl + "/hook" });
        await using var gateway = await StartAsync(SettingsFolder.FullName, appSettings,
            Settings([("still_down", Http(down)), ("fixed", Http(down)), ("sentinel", Http(ok))]));
        var file = Path.Combine(SettingsFolder.FullName, "gateway.json");

        // A first result is news only when it is bad: one webhook each for the two down services.
        var first = await _receiver.WaitForAcceptedAsync(2);
        Assert.Equal(["fixed", "still_down"], first.Select(w => w.Field("service")).Order());
        var stillDownChecks = (await gateway.GetJsonAsync("/health/services/still_down")).GetProperty("history").GetArrayLength();

        Write(file, Settings([("still_down", Http(down)), ("fixed", Http(ok)), ("sentinel", Http(ok)), ("added", Http(ok))]));
        var recovered = (await _receiver.WaitForAcceptedAsync(3))[2];
        Assert.Equal("fixed", recovered.Field("service"));
        Assert.Equal("Unhealthy", recovered.Field("oldStatus"));
        Assert.Equal("Healthy", recovered.Field("newStatus"));
        Assert.StartsWith("configuration changed", recovered.Field("reason"), StringComparison.Ordinal);

        // The unchanged down service goes on being checked; a sentinel's real transition, queued after anything a
        // spurious transition would have queued, marks the end of what the reload could have sent.
        await Eventually.TrueAsync(async () => (await gateway.GetJsonAsync("/health/services/still_down")).GetProperty("history").GetArrayLength() >= stillDownChecks + 3,
            "still_down is checked on after the reload");
        Write(file, Settings([("still_down", Http(down)), ("fixed", Http(ok)), ("sentinel", Http(down)), ("added", Http(ok))]));
        var all = await _receiver.WaitForAcceptedAsync(4);
        Assert.Equal("sentinel", all[3].Field("service"));
        Assert.Equal(4, _receiver.Accepted.Count);
    }
}
