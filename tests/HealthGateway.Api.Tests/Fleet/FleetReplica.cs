using System.Globalization;
using System.Text.Json;
using HealthGateway.Api.Tests.CommandLine;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// One gateway replica as a real process on its own loopback port, in a fleet on one real redis-server: polling every
/// 200 ms, a member timeout of 1 s, so a handover takes about a second.
/// </summary>
internal sealed class FleetReplica : IAsyncDisposable
{
    public static readonly TimeSpan MemberTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private FleetReplica(GatewayProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public GatewayProcess Process { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>This replica's id as it reports it (set once the fleet formed).</summary>
    public string? Id { get; private set; }

    public static HttpClient Http => s_http;

    /// <summary>Starts a replica whose one critical service <c>api</c> is checked at <paramref name="url"/>.</summary>
    public static FleetReplica Start(RedisServer redis, string url, string? webhook = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = FreePort.Get();
        var environment = new CliEnvironment
        {
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["HealthGateway__Backplane__Redis"] = redis.ConnectionString,
            ["HealthGateway__Fleet__MemberTimeout"] = MemberTimeout.ToString("c", CultureInfo.InvariantCulture),
        }.Service("api", "http", url, critical: true, ("Timeout", "00:00:05"));
        if (webhook is not null)
        {
            environment["HealthGateway__Webhooks__0__Url"] = webhook;
            environment["HealthGateway__WebhookRetries"] = "0";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new FleetReplica(GatewayProcess.Start([], environment), port);
    }

    /// <summary>The <c>/health/services/api</c> body, or null while the replica does not answer it.</summary>
    public async Task<JsonElement?> ServiceAsync(string name = "api")
    {
        try
        {
            using var response = await s_http.GetAsync(new Uri($"{BaseUrl}/health/services/{name}"));
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The service's <c>cluster</c> block, or null.</summary>
    public async Task<JsonElement?> ClusterAsync(string name = "api") =>
        await ServiceAsync(name) is { } body && body.TryGetProperty("cluster", out var cluster) ? cluster : null;

    /// <summary>
    /// Waits until every replica is in fleet mode with <paramref name="replicas"/>.Count members for the service and
    /// all name the same owner, which is returned; each replica's id is learnt on the way.
    /// </summary>
    public static async Task<FleetReplica> WaitForOneOwnerAsync(IReadOnlyList<FleetReplica> replicas, int? members = null, string service = "api")
    {
        string? owner = null;
        await Eventually.TrueAsync(async () =>
        {
            var owners = new HashSet<string>();
            foreach (var replica in replicas)
            {
                if (await replica.ClusterAsync(service) is not { } cluster || cluster.GetProperty("mode").GetString() != "fleet"
                    || cluster.GetProperty("members").GetArrayLength() != (members ?? replicas.Count))
                {
                    return false;
                }

                replica.Id = cluster.GetProperty("replica").GetString();
                owners.Add(cluster.GetProperty("owner").GetString()!);
            }

            owner = owners.Count == 1 ? owners.Single() : null;
            return owner is not null;
        }, $"{replicas.Count} replicas agree on one owner\n{string.Join("\n", replicas.Select(r => r.Process.Output))}", Generous);
        return replicas.Single(r => r.Id == owner);
    }

    /// <summary>The service's reported status on this replica, or null.</summary>
    public async Task<string?> StatusAsync(string name = "api") =>
        await ServiceAsync(name) is { } body && body.GetProperty("status").ValueKind == JsonValueKind.String ? body.GetProperty("status").GetString() : null;

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
