using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Metrics;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog.Core;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>Which file a test edits: the appsettings layer, or the extra file and how it is named.</summary>
public enum ConfigLayer
{
    AppSettings,
    ConfigFileByEnvironment,
    ConfigFileByCommandLine,
}

/// <summary>
/// The real gateway on a real Kestrel port, configured from real JSON files in a temp folder (an appsettings file
/// and, optionally, the <c>--config</c> file) which the tests rewrite while it runs. The in-memory layer on top
/// stands for the environment variables. Settings files are polled every 100 ms.
/// </summary>
public sealed class ReloadingGateway : IAsyncDisposable
{
    private ReloadingGateway(string directory, WebApplication app, CapturingLogSink logs)
    {
        Directory = directory;
        App = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Directory { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CapturingLogSink Logs { get; }

    /// <summary>Starts a gateway reading <paramref name="appSettings"/> and, when given, <paramref name="configFile"/> named by <paramref name="via"/>.</summary>
    /// <param name="configFilePath">The path to name as the config file (a symlink, say); written from <paramref name="configFile"/> when null.</param>
    public static async Task<ReloadingGateway> StartAsync(string directory, JsonObject appSettings, JsonObject? configFile = null,
        ConfigLayer via = ConfigLayer.ConfigFileByEnvironment, string? configFilePath = null, IDictionary<string, string?>? environment = null)
    {
        var appSettingsPath = Path.Combine(directory, "appsettings.json");
        Write(appSettingsPath, appSettings);
        if (configFilePath is null && configFile is not null)
        {
            configFilePath = Path.Combine(directory, "gateway.json");
            Write(configFilePath, configFile);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(appSettingsPath, optional: false, reloadOnChange: true);
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["HealthGateway:ConfigReloadInterval"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["HealthGateway:Notifications:HealthCheckEnabled"] = "false",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        if (configFilePath is not null && via == ConfigLayer.ConfigFileByEnvironment)
        {
            variables["HEALTHGATEWAY_CONFIG"] = configFilePath;
        }

        builder.Configuration.AddInMemoryCollection(variables);
        if (configFilePath is not null && via == ConfigLayer.ConfigFileByCommandLine)
        {
            builder.Configuration.AddCommandLine(["--config", configFilePath]);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturingLogSink();
        builder.Services.AddSingleton<ILogEventSink>(logs);
        builder.AddHealthGateway();
        var app = builder.Build();
        app.MapHealthGateway();
        await app.StartAsync();
        return new ReloadingGateway(directory, app, logs);
    }

    /// <summary>A settings file's content: <c>HealthGateway:Services</c> with <paramref name="services"/>, plus <paramref name="gateway"/> settings.</summary>
    public static JsonObject Settings(IEnumerable<(string Name, JsonObject Service)> services, params (string Key, string Value)[] gateway)
    {
        var section = new JsonObject { ["PollInterval"] = "00:00:00.200", ["DefaultTimeout"] = "00:00:02" };
        foreach (var (key, value) in gateway)
        {
            section[key] = value;
        }

        var configured = new JsonObject();
        foreach (var (name, service) in services)
        {
            configured[name] = service;
        }

        section["Services"] = configured;
        return new JsonObject { ["HealthGateway"] = section };
    }

    public static JsonObject Http(string url, bool critical = false) => new() { ["Kind"] = "http", ["Url"] = url, ["Critical"] = critical };

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> whole: a temp file renamed over it, so the poller never reads half a file.</summary>
    public static void Write(string path, JsonObject content) => WriteText(path, content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static void WriteText(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>rename(2), which replaces a symlink atomically as the kubelet does (File.Move refuses directories).</summary>
    public static void Rename(string from, string to)
    {
        if (SysRename(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<JsonElement> ReadinessAsync() => await GetJsonAsync("/health/ready");

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<IReadOnlyList<PrometheusSample>> MetricsAsync() => PrometheusText.Parse(await Client.GetStringAsync("/metrics"));

    /// <summary>The count of reloads with <paramref name="result"/> on /metrics.</summary>
    public async Task<double> ReloadsAsync(string result) =>
        (await MetricsAsync()).Single(s => s.Name == "healthgateway_config_reloads_total" && s.Label("result") == result).Value;

    /// <summary>Waits until the readiness body satisfies <paramref name="accept"/>, and returns it.</summary>
    public Task<JsonElement> WaitForReadinessAsync(Func<JsonElement, bool> accept, string because) =>
        Eventually.ReturnsAsync(ReadinessAsync, accept, because);

    public static string? Status(JsonElement readiness, string service) =>
        readiness.GetProperty("entries").TryGetProperty(service, out var entry) ? entry.GetProperty("status").GetString() : null;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stopTimeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await App.DisposeAsync();
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int SysRename(string from, string to);
}
