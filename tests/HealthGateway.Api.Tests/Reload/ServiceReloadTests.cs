using System.Text.Json;
using HealthGateway.Testing;
using static HealthGateway.Api.Tests.Reload.ReloadingGateway;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// Services added, removed and changed by rewriting a settings file under a running gateway (same process, no
/// restart): through the appsettings layer and through the <c>--config</c> file, named either way.
/// </summary>
public sealed class ServiceReloadTests : ReloadTestBase
{
    [Theory]
    [InlineData(ConfigLayer.AppSettings)]
    [InlineData(ConfigLayer.ConfigFileByEnvironment)]
    [InlineData(ConfigLayer.ConfigFileByCommandLine)]
    public async Task AddedServiceIsCheckedRemovedOneLeavesReportAndMetricsChangedOneStartsAfreshAndTheRestKeepTheirHistory(ConfigLayer layer)
    {
        var ok = Target.BaseUrl + "/ok";
        var before = Settings([("steady", Http(ok, critical: true)), ("doomed", Http(ok)), ("changing", Http(ok))]);
        var after = Settings([("steady", Http(ok, critical: true)), ("changing", Http(Target.BaseUrl + "/status/503")), ("newcomer", Http(ok))]);
        var empty = Settings([]);
        await using var gateway = layer == ConfigLayer.AppSettings
            ? await StartAsync(SettingsFolder.FullName, before)
            : await StartAsync(SettingsFolder.FullName, empty, before, layer);
        var edited = Path.Combine(SettingsFolder.FullName, layer == ConfigLayer.AppSettings ? "appsettings.json" : "gateway.json");

        await gateway.WaitForReadinessAsync(body => Status(body, "steady") == "Healthy" && Status(body, "doomed") == "Healthy" && Status(body, "changing") == "Healthy",
            "every service is checked");
        var steadyBefore = await Eventually.ReturnsAsync(() => gateway.GetJsonAsync("/health/services/steady"),
            details => details.GetProperty("history").GetArrayLength() >= 2, "steady has a history");
        Assert.Contains((await gateway.MetricsAsync()), s => s.Label("service") == "doomed");

        Write(edited, after);

        var body = await gateway.WaitForReadinessAsync(
            body => Status(body, "newcomer") == "Healthy" && Status(body, "doomed") is null && Status(body, "changing") == "Unhealthy",
            "the new file's services are served");
        Assert.Equal(["changing", "newcomer", "steady"], body.GetProperty("entries").EnumerateObject().Select(e => e.Name).Order());
        Assert.True(body.GetProperty("config").GetProperty("lastError").ValueKind == JsonValueKind.Null);

        // The removed service is gone from /metrics (its counters and histograms included) and from its endpoint.
        var metrics = await gateway.MetricsAsync();
        Assert.DoesNotContain(metrics, s => s.Label("service") == "doomed");
        Assert.Contains(metrics, s => s.Name == "healthgateway_checks_total" && s.Label("service") == "newcomer");
        Assert.Equal(1, await gateway.ReloadsAsync("applied"));
        using (var gone = await gateway.Client.GetAsync("/health/services/doomed"))
        {
            Assert.Equal(404, (int)gone.StatusCode);
        }

        // The changed service keeps its history, and its first result under the new settings is the transition.
        var changing = await gateway.GetJsonAsync("/health/services/changing");
        Assert.Contains(changing.GetProperty("history").EnumerateArray(), r => r.GetProperty("status").GetString() == "Healthy");
        var last = changing.GetProperty("transitions").EnumerateArray().Last();
        Assert.Equal("Healthy", last.GetProperty("from").GetString());
        Assert.Equal("Unhealthy", last.GetProperty("to").GetString());
        Assert.StartsWith("configuration changed", last.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The unchanged one was never restarted: its first results are still there, one transition (the first
        // result), and its success counter went on counting.
        var steadyAfter = await gateway.GetJsonAsync("/health/services/steady");
        Assert.Equal(steadyBefore.GetProperty("history")[0].GetProperty("checkedAt").GetString(),
            steadyAfter.GetProperty("history")[0].GetProperty("checkedAt").GetString());
        Assert.Equal(1, steadyAfter.GetProperty("transitions").GetArrayLength());
        Assert.True(steadyAfter.GetProperty("consecutiveSuccesses").GetInt32() >= steadyBefore.GetProperty("consecutiveSuccesses").GetInt32());
        Assert.DoesNotContain(gateway.Logs.WithEventName("ServiceStateChanged"),
            e => e.Properties["Service"].ToString().Contains("steady", StringComparison.Ordinal) && e.Properties["OldStatus"].ToString() != "\"Unknown\"");
    }

    [Fact]
    public async Task EnvironmentVariablesOutrankTheConfigFileWhichOutranksAppSettings()
    {
        var appSettings = Settings([("api", Http(Target.BaseUrl + "/status/500"))]);
        var file = Settings([("api", Http(Target.BaseUrl + "/status/503")), ("other", Http(Target.BaseUrl + "/status/500"))]);
        await using var gateway = await StartAsync(SettingsFolder.FullName, appSettings, file,
            environment: new Dictionary<string, string?> { ["HealthGateway:Services:other:Url"] = Target.BaseUrl + "/ok" });

        var body = await gateway.WaitForReadinessAsync(body => Status(body, "api") is not null && Status(body, "other") is not null, "both are checked");
        Assert.Contains("503", body.GetProperty("entries").GetProperty("api").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Status(body, "other"));
    }

    [Fact]
    public async Task AConfigMapSymlinkSwapIsSeen()
    {
        // The kubelet's layout: data in a timestamped folder, ..data pointing at it, the file a link through ..data.
        var mount = SettingsFolder.CreateSubdirectory("configmap").FullName;
        var first = System.IO.Directory.CreateDirectory(Path.Combine(mount, "..2026_12_01_a")).FullName;
        Write(Path.Combine(first, "gateway.json"), Settings([("alpha", Http(Target.BaseUrl + "/ok"))]));
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_12_01_a");
        File.CreateSymbolicLink(Path.Combine(mount, "gateway.json"), Path.Combine("..data", "gateway.json"));
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([]), configFilePath: Path.Combine(mount, "gateway.json"));
        await gateway.WaitForReadinessAsync(body => Status(body, "alpha") == "Healthy", "alpha is checked");

        // An update: a new folder, a new link beside ..data, renamed over it in one step; the old folder goes.
        var second = System.IO.Directory.CreateDirectory(Path.Combine(mount, "..2026_12_01_b")).FullName;
        Write(Path.Combine(second, "gateway.json"), Settings([("alpha", Http(Target.BaseUrl + "/ok")), ("beta", Http(Target.BaseUrl + "/ok"))]));
        File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..2026_12_01_b");
        Rename(Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data"));
        System.IO.Directory.Delete(first, recursive: true);

        await gateway.WaitForReadinessAsync(body => Status(body, "beta") == "Healthy" && Status(body, "alpha") == "Healthy", "beta is added");
        Assert.Equal(1, await gateway.ReloadsAsync("applied"));
        Assert.Equal(0, await gateway.ReloadsAsync("rejected"));
    }
}
