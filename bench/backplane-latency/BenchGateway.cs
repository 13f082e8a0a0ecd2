using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HealthGateway.Api.Hosting;
using HealthGateway.Api.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackplaneLatency;

/// <summary>The real gateway (the composition Program.cs uses) on 127.0.0.1, in this process, configured in memory.</summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private BenchGateway(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseUrl { get; }

    public WebSocketNotificationManager Manager => _app.Services.GetRequiredService<WebSocketNotificationManager>();

    /// <param name="backplane">Redis connection string of the backplane, or null for a gateway without one.</param>
    public static async Task<BenchGateway> StartAsync(string? backplane)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing to check but the backplane itself; no notifier probe traffic on the channel.
            ["HealthGateway:Notifications:HealthCheckEnabled"] = "false",
            // A burst straight to Redis queues thousands of events on one socket at once.
            ["HealthGateway:Notifications:SendQueueCapacity"] = "65536",
            ["HealthGateway:Backplane:Redis"] = backplane,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog:MinimumLevel:Override:HealthGateway.Checks.Pipeline.Snapshots"] = "Error",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddHealthGateway();
        var app = builder.Build();
        app.MapHealthGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BenchGateway(app, new Uri(address));
    }

    /// <summary>Waits until the backplane is subscribed: its readiness entry is Healthy (bounded by the caller's token).</summary>
    public async Task WaitUntilSubscribedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await _client.GetAsync("/health/ready", cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (body.RootElement.TryGetProperty("entries", out var entries)
                && entries.TryGetProperty("backplane", out var entry)
                && entry.GetProperty("status").GetString() == "Healthy")
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>POST /events for <paramref name="user"/> with <c>data.n</c>; throws unless 202.</summary>
    public async Task PostAsync(string user, int n, CancellationToken cancellationToken)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $$$"""{"user":"{{{user}}}","type":"agent_thinking","runId":"bench","data":{"n":{{{n}}}}}""");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/events", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /events answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
