using System.Net.WebSockets;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Npgsql;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// A gateway whose configuration is full of secrets (database and Redis passwords, a password in a URL, bearer and
/// WebSocket header tokens, the API key, also sent as a query parameter), some of them wrong so that failures are
/// described too: no response body and no log event contains any of them, with everything logged at Debug,
/// including the framework categories the gateway normally quiets (as an operator troubleshooting would set it).
/// </summary>
public sealed class SecretsTests
{
    private const string PostgresPassword = "pg-Right-S3cret-7731";
    private const string WrongPostgresPassword = "pg-Wrong-S3cret-4410";
    private const string RedisPassword = "redis-Right-S3cret-9182";
    private const string WrongRedisPassword = "redis-Wrong-S3cret-2267";
    private const string UrlPassword = "url-S3cret-5521";
    private const string BearerToken = "bearer-S3cret-6634";
    private const string WebSocketToken = "ws-S3cret-8845";
    private const string ApiKey = "apikey-S3cret-3390";

    private static readonly string[] Secrets =
        [PostgresPassword, WrongPostgresPassword, RedisPassword, WrongRedisPassword, UrlPassword, BearerToken, WebSocketToken, ApiKey];

    private static readonly string[] Services =
        ["database", "database_wrong_password", "cache", "cache_wrong_password", "api_with_credentials", "api_refused_with_credentials",
         "api_bearer", "websocket_token"];

    [Fact]
    public async Task NoSecretAppearsInAnyResponseOrLogEvent()
    {
        await using var postgres = await PostgresServer.StartAsync(PostgresPassword);
        await using var redis = await RedisServer.StartAsync(RedisPassword);
        await using var target = await TargetServer.StartAsync();
        var wrongPostgres = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = WrongPostgresPassword }.ConnectionString;
        var authority = $"127.0.0.1:{target.Port}";
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:ApiKey", ApiKey)
            .Set("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Debug")
            .Set("Serilog:MinimumLevel:Override:Microsoft.Extensions.Diagnostics.HealthChecks", "Debug")
            .Set("Serilog:MinimumLevel:Override:System.Net.Http.HttpClient", "Debug")
            .Set("Serilog:MinimumLevel:Override:Polly", "Debug")
            .Set("HealthGateway:Notifications:HealthCheckEnabled", "true")
            .Service("database", "postgres", postgres.ConnectionString, critical: true)
            .Service("database_wrong_password", "postgres", wrongPostgres)
            .Service("cache", "redis", redis.ConnectionString, critical: true)
            .Service("cache_wrong_password", "redis", $"127.0.0.1:{redis.Port},password={WrongRedisPassword}")
            .Service("api_with_credentials", "http", $"http://monitor:{UrlPassword}@{authority}/ok", critical: true)
            .Service("api_refused_with_credentials", "http", $"http://monitor:{UrlPassword}@127.0.0.1:{RefusedPort.Get()}/health")
            .Service("api_bearer", "http", $"{target.BaseUrl}/status/500", false, ("Headers:Authorization", $"Bearer {BearerToken}"))
            .Service("websocket_token", "websocket", $"{target.WebSocketBaseUrl}/ws/reject", false, ("Headers:X-Token", WebSocketToken))
            .StartAsync();

        var ready = await gateway.WaitForReadinessAsync(b => b.HasEntries(Services) && b.HasEntry("notifier"));

        // The secrets were really used (the right ones work) and the wrong ones really failed.
        Assert.Equal("Healthy", ready.EntryStatus("database"));
        Assert.Equal("Healthy", ready.EntryStatus("cache"));
        Assert.Equal("Healthy", ready.EntryStatus("api_with_credentials"));
        Assert.Equal("Healthy", ready.EntryStatus("notifier"));
        Assert.StartsWith("authentication failed", ready.EntryDescription("database_wrong_password"), StringComparison.Ordinal);
        Assert.StartsWith("authentication failed", ready.EntryDescription("cache_wrong_password"), StringComparison.Ordinal);
        Assert.StartsWith("connection refused", ready.EntryDescription("api_refused_with_credentials"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP 500", ready.EntryDescription("api_bearer"), StringComparison.Ordinal);
        Assert.StartsWith("upgrade rejected", ready.EntryDescription("websocket_token"), StringComparison.Ordinal);

        var bodies = new List<(string Request, string Body)>();
        async Task GetAsync(string path)
        {
            using var response = await gateway.Client.GetAsync(path);
            bodies.Add(($"GET {path} → {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
        }

        async Task PostAsync(string path, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            using var response = await gateway.Client.SendAsync(request);
            bodies.Add(($"POST {path} → {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
        }

        await GetAsync("/health/ready");
        await GetAsync("/health/ready?fresh=true");
        await GetAsync("/health/live");
        foreach (var service in Services.Append("notifier"))
        {
            await GetAsync($"/health/services/{service}");
        }

        await GetAsync("/health/services/no_such_service");
        await GetAsync("/health/ready?wait=not-a-number");
        await GetAsync("/metrics");
        await GetAsync("/");
        await GetAsync($"/ws?user=someone&api_key={ApiKey}");
        await PostAsync("/diagnostics/notifier", ApiKey);
        await PostAsync($"/diagnostics/notifier?api_key={ApiKey}&user=someone", key: null);
        await PostAsync("/diagnostics/notifier", key: null);
        await PostAsync("/diagnostics/notifier", "not-the-key");
        await PostAsync("/diagnostics/notifier?timeout=0", ApiKey);
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{gateway.BaseUrl.Authority}/ws?user=someone&api_key={ApiKey}"), CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        Assert.Contains(bodies, b => b.Request.StartsWith("POST /diagnostics/notifier → 200", StringComparison.Ordinal));
        foreach (var (request, body) in bodies)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{request} leaked a secret: {body}");
            }
        }

        var lines = gateway.Logs.RenderedLines().ToList();
        Assert.Contains(lines, line => line.StartsWith("Debug", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("api_key=***", StringComparison.Ordinal));
        var leaks = lines.Where(line => Secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, "log events leaked a secret:\n" + string.Join("\n", leaks));
    }
}
