using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Testing;

/// <summary>
/// A real Kestrel host on loopback that is both an OAuth2 authorization server and the resources it protects:
/// <c>POST /token</c> issues tokens for the client credentials grant (the client authenticated with HTTP Basic) and
/// counts the requests; <c>GET /protected</c>, the WebSocket <c>/ws</c> and the gRPC health service on a second,
/// HTTP/2 port accept only a token it issued and has not revoked, and answer 401 otherwise.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> _valid = new(StringComparer.Ordinal);
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly HealthServiceImpl _health = new();
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _tokenRequests;
    private int _issued;

    private TokenServer(string clientId, string clientSecret)
    {
        _clientId = clientId;
        _clientSecret = clientSecret;
    }

    /// <summary>http://127.0.0.1:port of the HTTP/1.1 endpoint (token, protected, ws), no trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>http://127.0.0.1:port of the gRPC (h2c) endpoint.</summary>
    public string GrpcUrl { get; private set; } = string.Empty;

    public string TokenUrl => BaseUrl + "/token";

    /// <summary>Requests to <c>/token</c>, answered or refused.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Tokens issued.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>The <c>expires_in</c> of the tokens issued from now on; null leaves it out.</summary>
    public int? ExpiresIn { get; set; } = 3600;

    /// <summary>The last <c>scope</c> asked for.</summary>
    public string? LastScope { get; private set; }

    /// <summary>Every token issued so far, for tests that look for them where they must not be.</summary>
    public IReadOnlyCollection<string> Tokens => [.. _valid.Keys];

    public static async Task<TokenServer> StartAsync(string clientId, string clientSecret)
    {
        var server = new TokenServer(clientId, clientSecret);
        try
        {
            await server.StartHostAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Requests with a valid token for <paramref name="path"/> (/protected, /ws, /grpc.health.v1.Health/Check).</summary>
    public int Hits(string path) => _hits.TryGetValue(path, out var count) ? count : 0;

    /// <summary>Revokes every token issued so far: the next call with one is answered 401.</summary>
    public void RevokeAll()
    {
        foreach (var token in _valid.Keys)
        {
            _valid[token] = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await HostShutdown.StopAsync(_app);
            _app = null;
        }
    }

    private bool Authorized(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && _valid.TryGetValue(header["Bearer ".Length..], out var valid) && valid;

    private async Task IssueAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_clientId)}:{Uri.EscapeDataString(_clientSecret)}"));
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        context.Response.ContentType = "application/json";
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
            return;
        }

        if (form?["grant_type"].ToString() != "client_credentials")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"error\":\"unsupported_grant_type\"}");
            return;
        }

        LastScope = form["scope"].ToString();
        var token = $"tok{Interlocked.Increment(ref _issued).ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        _valid[token] = true;
        var expires = ExpiresIn is { } seconds ? $",\"expires_in\":{seconds.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        await context.Response.WriteAsync($"{{\"access_token\":\"{token}\",\"token_type\":\"Bearer\"{expires}}}");
    }

    private async Task StartHostAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_health);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        _app = app;
        app.UseWebSockets();

        // Every resource but the token endpoint wants a token; gRPC maps the 401 to UNAUTHENTICATED.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/token" && !Authorized(context))
            {
                context.Response.StatusCode = 401;
                return;
            }

            _hits.AddOrUpdate(context.Request.Path.Value ?? string.Empty, 1, (_, count) => count + 1);

            await next(context);
        });
        app.UseRouting();
        app.MapPost("/token", IssueAsync);
        app.MapGet("/protected", () => "ok");
        app.Map("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
            }
        });
        _health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address).Port).ToList();
        BaseUrl = "http://127.0.0.1:" + addresses[0].ToString(CultureInfo.InvariantCulture);
        GrpcUrl = "http://127.0.0.1:" + addresses[1].ToString(CultureInfo.InvariantCulture);
    }
}
