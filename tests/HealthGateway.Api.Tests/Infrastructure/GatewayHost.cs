using System.Text.Json;
using HealthGateway.Api.Hosting;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Serilog.Core;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>
/// The real gateway (the same composition Program.cs uses) on a real Kestrel port on 127.0.0.1, configured only
/// by the settings a test gives: the machine's environment and the shipped appsettings.json are not read.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private GatewayHost(WebApplication app, CapturingLogSink logs)
    {
        App = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        Client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    /// <summary>Every log event the gateway wrote, rendered and with its properties.</summary>
    public CapturingLogSink Logs { get; }

    /// <summary>Starts a gateway with <paramref name="settings"/> (keys like <c>HealthGateway:Services:api:Url</c>).</summary>
    /// <param name="configureApp">Runs after the gateway's own pipeline is built: middleware added here runs after
    /// UseWebSockets and before the endpoints (a test seam, e.g. to decorate a request's WebSocket).</param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        // "urls" in the settings binds other addresses too (protected-mode tests add a non-loopback one); the first is BaseUrl.
        builder.WebHost.UseUrls(settings.TryGetValue("urls", out var urls) && urls is { Length: > 0 } ? urls : "http://127.0.0.1:0");
        var logs = new CapturingLogSink();
        builder.Services.AddSingleton<ILogEventSink>(logs);
        builder.AddHealthGateway();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapHealthGateway();
        configureApp?.Invoke(app);
        await app.StartAsync();
        return new GatewayHost(app, logs);
    }

    /// <summary>GETs <paramref name="path"/> and returns the status code and the parsed JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> GetJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await Client.GetAsync(path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    /// <summary>Polls readiness until <paramref name="accept"/> holds, for tests that wait for the poller (bounded).</summary>
    public Task<JsonElement> WaitForReadinessAsync(Func<JsonElement, bool> accept, TimeSpan? within = null) =>
        Eventually.ReturnsAsync(async () => (await GetJsonAsync("/health/ready")).Body, accept, "the readiness body matches", within);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(stopTimeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await App.DisposeAsync();
    }
}
