using System.Text.Json;
using System.Text.Json.Nodes;
using HealthGateway.Testing;
using Serilog.Events;
using static HealthGateway.Api.Tests.Reload.ReloadingGateway;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// A file that does not validate changes nothing: the old services go on being served, one error line names the
/// service and the field without the secret, and the report and /metrics say so. Settings read only at start are
/// named in a warning. A rewrite that changes no service is counted as unchanged and disturbs nobody.
/// </summary>
public sealed class RejectedReloadTests : ReloadTestBase
{
    private const string Password = "hunter2-reload-secret";
    [Fact]
    public async Task AnInvalidFileIsRejectedTheOldServicesStayAndTheReportAndCounterSaySo()
    {
        var good = Settings([("api", Http(Target.BaseUrl + "/ok", critical: true))]);
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([]), good);
        var file = Path.Combine(SettingsFolder.FullName, "gateway.json");
        var started = await gateway.WaitForReadinessAsync(body => Status(body, "api") == "Healthy", "api is checked");
        var loadedAt = started.GetProperty("config").GetProperty("loadedAt").GetString();
        Assert.Equal(JsonValueKind.Null, started.GetProperty("config").GetProperty("lastError").ValueKind);

        // A new service with a bad field, and a password in its connection string.
        var bad = Settings([
            ("api", Http(Target.BaseUrl + "/ok", critical: true)),
            ("extra", Http(Target.BaseUrl + "/ok")),
            ("orders_db", new JsonObject
            {
                ["Kind"] = "postgres",
                ["ConnectionString"] = $"Host=127.0.0.1;Username=app;Password={Password}",
                ["Timeout"] = "-00:00:01",
            }),
        ]);
        Write(file, bad);

        var rejected = await gateway.WaitForReadinessAsync(body => body.GetProperty("config").GetProperty("lastError").ValueKind == JsonValueKind.String,
            "the reload is rejected");
        var error = rejected.GetProperty("config").GetProperty("lastError").GetString()!;
        Assert.Contains("HealthGateway:Services:orders_db:Timeout", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
        Assert.Equal(loadedAt, rejected.GetProperty("config").GetProperty("loadedAt").GetString());
        Assert.Equal(["api"], rejected.GetProperty("entries").EnumerateObject().Select(e => e.Name));
        Assert.Equal(1, await gateway.ReloadsAsync("rejected"));
        Assert.Equal(0, await gateway.ReloadsAsync("applied"));

        // The old set is still checked, and the rejected file's services never were.
        await gateway.WaitForReadinessAsync(body => body.GetProperty("checkedAt").GetString() != rejected.GetProperty("checkedAt").GetString()
            && Status(body, "api") == "Healthy", "api is still polled");
        Assert.Equal(404, (int)(await gateway.Client.GetAsync("/health/services/extra")).StatusCode);

        var errors = gateway.Logs.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage()).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("orders_db:Timeout", line, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs.RenderedLines(), l => l.Contains(Password, StringComparison.Ordinal));

        // Not even JSON: rejected before the configuration is touched, naming the file and the place.
        WriteText(file, "{ \"HealthGateway\": { \"Services\": { \"api\": ");
        await Eventually.TrueAsync(async () => await gateway.ReloadsAsync("rejected") == 2, "the broken file is rejected");
        var broken = await gateway.ReadinessAsync();
        Assert.Contains("not valid JSON", broken.GetProperty("config").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Status(broken, "api"));

        // Fixed: applied, and the error is gone.
        Write(file, Settings([("api", Http(Target.BaseUrl + "/ok", critical: true)), ("extra", Http(Target.BaseUrl + "/ok"))]));
        var fixedBody = await gateway.WaitForReadinessAsync(body => Status(body, "extra") == "Healthy", "the fixed file is applied");
        Assert.Equal(JsonValueKind.Null, fixedBody.GetProperty("config").GetProperty("lastError").ValueKind);
        Assert.Equal(1, await gateway.ReloadsAsync("applied"));
    }

    [Fact]
    public async Task ARewriteThatChangesNoServiceIsUnchangedAndStartOnlySettingsAreNamedInAWarning()
    {
        (string, JsonObject)[] Services() => [("api", Http(Target.BaseUrl + "/ok", critical: true))];
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([]), Settings(Services()));
        var file = Path.Combine(SettingsFolder.FullName, "gateway.json");
        await gateway.WaitForReadinessAsync(body => Status(body, "api") == "Healthy", "api is checked");
        var before = await gateway.GetJsonAsync("/health/services/api");

        var withRestartOnly = Settings(Services(), ("PollInterval", "00:00:00.300"));
        withRestartOnly["Kestrel"] = new JsonObject { ["Limits"] = new JsonObject { ["MaxConcurrentConnections"] = "1000" } };
        withRestartOnly["HealthGateway"]!["Backplane"] = new JsonObject { ["ConnectionString"] = "127.0.0.1:1,password=" + Password };
        Write(file, withRestartOnly);

        await Eventually.TrueAsync(async () => await gateway.ReloadsAsync("unchanged") == 1, "the reload finds no service changed");
        var warning = await Eventually.ReturnsAsync(
            () => gateway.Logs.Events.FirstOrDefault(e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("needs a restart", StringComparison.Ordinal)),
            e => e is not null, "the restart-only settings are named");
        var message = warning!.RenderMessage();
        Assert.Contains("HealthGateway:PollInterval", message, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Limits:MaxConcurrentConnections", message, StringComparison.Ordinal);
        Assert.Contains("HealthGateway:Backplane:ConnectionString", message, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs.RenderedLines(), l => l.Contains(Password, StringComparison.Ordinal));

        // The service was left alone: same first result, still one transition, and the gateway still listens here.
        var after = await gateway.GetJsonAsync("/health/services/api");
        Assert.Equal(before.GetProperty("history")[0].GetProperty("checkedAt").GetString(), after.GetProperty("history")[0].GetProperty("checkedAt").GetString());
        Assert.Equal(1, after.GetProperty("transitions").GetArrayLength());
        Assert.Equal(0, await gateway.ReloadsAsync("applied"));
    }
}
