using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Testing;

/// <summary>
/// A real Kestrel host on a free loopback port that plays every kind of HTTP and WebSocket dependency a check
/// can meet: healthy, failing, slow, lying, flapping, rejecting, dropping and silent.
/// </summary>
public sealed partial class TargetServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private WebApplication? _app;
    private IReadOnlyDictionary<string, string>? _lastUpgradeHeaders;
    private int _flappyStatus = StatusCodes.Status200OK;

    private TargetServer()
    {
    }

    /// <summary>http(s)://127.0.0.1:port, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>ws(s)://127.0.0.1:port, no trailing slash.</summary>
    public string WebSocketBaseUrl { get; private set; } = string.Empty;

    public int Port { get; private set; }

    public bool UsesTls { get; private set; }

    /// <summary>Request headers of the last WebSocket upgrade on /ws/echo (names are case-insensitive), or null.</summary>
    public IReadOnlyDictionary<string, string>? LastUpgradeHeaders => Volatile.Read(ref _lastUpgradeHeaders);

    /// <param name="useTls">Serve HTTPS/WSS with a self-signed certificate, so validating clients fail.</param>
    /// <param name="certificate">Serve HTTPS/WSS with this certificate instead (see <see cref="TestCertificates"/>).</param>
    /// <param name="clientCa">Require a client certificate issued by this CA (mutual TLS).</param>
    public static async Task<TargetServer> StartAsync(bool useTls = false, X509Certificate2? certificate = null, TestCertificates? clientCa = null)
    {
        useTls |= certificate is not null;
        var target = new TargetServer { UsesTls = useTls };
        try
        {
            await target.StartHostAsync(useTls, certificate, clientCa);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many requests arrived for exactly this path (e.g. "/ok"), counted before they are answered.</summary>
    public int Hits(string path) => _hits.TryGetValue(path, out var count) ? count : 0;

    public void ResetHits() => _hits.Clear();

    /// <summary>The status that GET /flappy answers from now on (200 until set).</summary>
    public void SetFlappyStatus(int statusCode) => Volatile.Write(ref _flappyStatus, statusCode);

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may dispose explicitly inside an 'await using'.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Ends /slow, /ws/silent and echo loops at once, so shutdown does not wait for them.
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await HostShutdown.StopAsync(_app);
            _app = null;
        }

        _stopping.Dispose();
    }

    private async Task StartHostAsync(bool useTls, X509Certificate2? certificate, TestCertificates? clientCa)
    {
        // The empty builder reads no appsettings and no ASPNETCORE_* variables: the host is the same wherever
        // the tests run, and has no logging providers, so Kestrel prints nothing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (useTls)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate ?? CreateSelfSignedCertificate();
                        if (clientCa is not null)
                        {
                            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.RequireCertificate;
                            https.ClientCertificateValidation = (client, _, _) => clientCa.IssuedByCa(client);
                        }
                    });
                }
            });
        });
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        _app = app;
        app.Use((context, next) =>
        {
            _hits.AddOrUpdate(context.Request.Path.Value ?? string.Empty, 1, (_, count) => count + 1);
            return next(context);
        });
        app.UseWebSockets();
        app.UseRouting();
        MapHttpEndpoints(app);
        MapWebSocketEndpoints(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        Port = new Uri(address).Port;
        var port = Port.ToString(CultureInfo.InvariantCulture);
        BaseUrl = (useTls ? "https" : "http") + "://127.0.0.1:" + port;
        WebSocketBaseUrl = (useTls ? "wss" : "ws") + "://127.0.0.1:" + port;
    }

    private void MapHttpEndpoints(WebApplication app)
    {
        app.MapGet("/ok", () => TypedResults.Text("ok"));

        app.MapGet("/status/{code:int}", (int code) =>
            code is >= 200 and <= 599 ? Results.StatusCode(code) : Results.BadRequest("status must be 200-599"));

        app.MapGet("/slow/{ms:int}", async (int ms, HttpContext context) =>
        {
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(ms, aborted.Token);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }

            return Results.Text("slow ok");
        });

        // Claims JSON and is not: a check that parses the body must fail cleanly, not crash.
        app.MapGet("/garbage", () =>
        {
            var body = new byte[64];
            RandomNumberGenerator.Fill(body);
            body[0] = 0xFF;
            body[1] = (byte)'<';
            return Results.Bytes(body, "application/json");
        });

        // Health documents for ExpectJson, and a body larger than the 64 KiB a check reads, for ExpectBody.
        app.MapGet("/json/{status}", (string status) => Results.Text(
            $$"""{"status":"{{status}}","checks":[{"name":"db","ready":{{(status == "UP" ? "true" : "false")}},"count":3}],"version":null}""",
            "application/json"));
        app.MapGet("/big/{kib:int}", (int kib) => Results.Text(new string('a', kib * 1024) + "END", "text/plain"));

        // Echoes the request's X-Token back in X-Echo after 90 characters, so a quoted header value that is cut at
        // 100 characters cuts the token in half: redaction must happen before the cut.
        app.MapGet("/echo-token", (HttpContext context) =>
        {
            context.Response.Headers["X-Echo"] = new string('p', 90) + context.Request.Headers["X-Token"].ToString();
            return Results.Text("{\"token\":\"" + context.Request.Headers["X-Token"].ToString() + "\"}", "application/json");
        });

        app.MapGet("/flappy", () => Results.StatusCode(Volatile.Read(ref _flappyStatus)));
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Round-trip through PKCS#12 so the private key is a persisted one that SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
