using System.Text.Json;
using Microsoft.Extensions.Primitives;
using static HealthGateway.Api.Tests.Reload.ReloadingGateway;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// A reload that fails for a reason other than what the file says (here a configuration change listener that
/// throws) is rejected like an invalid file, reported once rather than on every poll, and tried again on a later
/// poll without the file having to change again.
/// </summary>
public sealed class FailedReloadTests : ReloadTestBase
{
    [Fact]
    public async Task AReloadThatThrowsIsRejectedAndRetriedUntilItGoesThrough()
    {
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([]), Settings([("api", Http(Target.BaseUrl + "/ok"))]));
        await gateway.WaitForReadinessAsync(body => Status(body, "api") == "Healthy", "api is checked");

        var failing = 1;
        var configuration = gateway.App.Services.GetRequiredService<IConfiguration>();
        using var listener = ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            if (Volatile.Read(ref failing) == 1)
            {
                throw new InvalidOperationException("listener broke");
            }
        });

        Write(Path.Combine(SettingsFolder.FullName, "gateway.json"),
            Settings([("api", Http(Target.BaseUrl + "/ok")), ("extra", Http(Target.BaseUrl + "/ok"))]));
        var rejected = await gateway.WaitForReadinessAsync(body => body.GetProperty("config").GetProperty("lastError").ValueKind == JsonValueKind.String,
            "the failed reload is rejected");
        Assert.Contains("listener broke", rejected.GetProperty("config").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await gateway.ReloadsAsync("rejected"));
        Assert.Equal(0, await gateway.ReloadsAsync("applied"));

        // Nothing in the file changes again: once the listener recovers, a later poll applies it.
        Volatile.Write(ref failing, 0);
        var applied = await gateway.WaitForReadinessAsync(body => Status(body, "extra") == "Healthy", "the reload is retried and applied");
        Assert.Equal(JsonValueKind.Null, applied.GetProperty("config").GetProperty("lastError").ValueKind);
        Assert.Equal(1, await gateway.ReloadsAsync("rejected"));
    }

    [Fact]
    public async Task ASettingsFileOverTheCapIsRejectedUnreadAndTheOldServicesStay()
    {
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([]), Settings([("api", Http(Target.BaseUrl + "/ok"))]));
        await gateway.WaitForReadinessAsync(body => Status(body, "api") == "Healthy", "api is checked");

        WriteText(Path.Combine(SettingsFolder.FullName, "gateway.json"), "{" + new string(' ', 5 * 1024 * 1024) + "}");
        var rejected = await gateway.WaitForReadinessAsync(body => body.GetProperty("config").GetProperty("lastError").ValueKind == JsonValueKind.String,
            "the oversized file is rejected");
        Assert.Contains("gateway.json: larger than 4 MiB", rejected.GetProperty("config").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Status(rejected, "api"));
        Assert.Equal(1, await gateway.ReloadsAsync("rejected"));
    }
}
