using System.Collections.Concurrent;
using System.Net;
using System.Text;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Api.Tests.Telemetry;

/// <summary>
/// A real OTLP/HTTP receiver: Kestrel on 127.0.0.1:0 accepting <c>POST /v1/metrics</c> and <c>POST /v1/traces</c>
/// with <c>application/x-protobuf</c> bodies, as a collector would, and keeping each body.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    public IReadOnlyList<(string Path, string ContentType, byte[] Body)> Received => [.. _received];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1AndHttp2));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.Run(async context => await receiver!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver = new OtlpReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    /// <summary>The bodies posted to <paramref name="path"/>, as Latin-1 text: protobuf strings appear verbatim in it.</summary>
    public IReadOnlyList<string> Payloads(string path) =>
        Received.Where(r => r.Path == path).Select(r => Encoding.Latin1.GetString(r.Body)).ToList();

    /// <summary>Waits (bounded) until a body posted to <paramref name="path"/> contains every one of <paramref name="needles"/>.</summary>
    public async Task<string> WaitForPayloadAsync(string path, params string[] needles)
    {
        // The last value seen, should the wait run out: what each body posted so far lacks.
        var missing = await Eventually.ReturnsAsync(
            () => Payloads(path).Select(p => string.Join("+", needles.Where(n => !p.Contains(n, StringComparison.Ordinal)))).ToList(),
            lacks => lacks.Contains(""),
            $"a {path} payload contains {string.Join(", ", needles)}");
        return Payloads(path)[missing.IndexOf("")];
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.Path.Value is not ("/v1/metrics" or "/v1/traces" or "/v1/logs"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        _received.Enqueue((request.Path.Value!, request.ContentType ?? "", body.ToArray()));

        // An empty Export*ServiceResponse is an empty protobuf message.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }
}
