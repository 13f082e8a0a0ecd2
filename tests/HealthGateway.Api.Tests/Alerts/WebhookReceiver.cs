using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Api.Tests.Alerts;

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1:0 that records every POST (path, query, headers, JSON body)
/// and answers with the status the test chooses, or never answers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;
    private int _status = StatusCodes.Status200OK;
    private int _attempts;

    private WebhookReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>Requests answered with 2xx, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => _received.Where(r => r.Status is >= 200 and < 300).ToList();

    /// <summary>Every request that arrived, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The status to answer from now on; 0 means never answer (until the receiver stops).</summary>
    public void RespondWith(int status) => Volatile.Write(ref _status, status);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(async context => await receiver!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver = new WebhookReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests were accepted (bounded).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAcceptedAsync(int count, TimeSpan? within = null)
    {
        await Eventually.ReturnsAsync(() => Accepted.Count, accepted => accepted >= count, $"{count} webhooks are accepted", within);
        return Accepted;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, whatever the answer (bounded).</summary>
    public Task WaitForAttemptsAsync(int count, TimeSpan? within = null) =>
        Eventually.ReturnsAsync(() => Attempts, attempts => attempts >= count, $"{count} webhook requests arrive", within);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _attempts);
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var status = Volatile.Read(ref _status);
        if (status == 0)
        {
            // A receiver that hangs: the request stays open until the sender gives up or we stop.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        _received.Enqueue(new ReceivedWebhook(request.Method, request.Path + request.QueryString, headers, body, status));
        context.Response.StatusCode = status;
    }
}
