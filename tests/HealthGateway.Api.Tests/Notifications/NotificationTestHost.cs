using HealthGateway.Api.Diagnostics;
using HealthGateway.Api.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Api.Tests.Notifications;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with an ephemeral port, composed exactly as Program.cs composes the feature
/// (<c>AddNotifications</c> and <c>AddNotifierDiagnostics</c>, and their Map calls), with in-memory settings and optional DI overrides.
/// </summary>
public sealed class NotificationTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NotificationTestHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public HttpClient Client { get; }

    public WebSocketNotificationManager Manager => Services.GetRequiredService<WebSocketNotificationManager>();

    /// <param name="settings">Configuration keys such as <c>HealthGateway:Notifications:SendQueueCapacity</c>.</param>
    /// <param name="configureServices">Runs after <c>AddNotifications</c>, so a registration added here wins.</param>
    /// <param name="configureApp">Runs after <c>MapNotifications</c>: middleware added here sees requests after UseWebSockets.</param>
    public static async Task<NotificationTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddNotifications();
        builder.AddNotifierDiagnostics();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapNotifications();
        app.MapNotifierDiagnostics();
        configureApp?.Invoke(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new NotificationTestHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>ws://127.0.0.1:port/ws?user=…(&amp;extra query)</summary>
    public Uri WebSocketUri(string user, string? extraQuery = null) =>
        new($"ws://{BaseUrl.Authority}/ws?user={Uri.EscapeDataString(user)}{(extraQuery is null ? "" : "&" + extraQuery)}");

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
    }
}
