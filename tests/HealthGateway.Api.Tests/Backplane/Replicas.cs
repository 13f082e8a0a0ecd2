using System.Net.Http.Json;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>Gateway replicas sharing one Redis backplane, and the calls a producer and an operator make against them.</summary>
public static class Replicas
{
    /// <summary>Settings of one replica whose backplane is the Redis at <paramref name="connectionString"/>.</summary>
    public static GatewaySettings Settings(string connectionString) =>
        new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Set("HealthGateway:Backplane:Redis", connectionString);

    public static Task<GatewayHost> StartAsync(string connectionString) => Settings(connectionString).StartAsync();

    /// <summary>Waits (bounded) until the replica's readiness shows its backplane subscribed.</summary>
    public static Task<JsonElement> WaitUntilSubscribedAsync(this GatewayHost replica) =>
        replica.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryStatus("backplane") == "Healthy", TimeSpan.FromSeconds(30));

    /// <summary>POST /events with <paramref name="body"/> serialized as JSON; the status and the parsed answer.</summary>
    public static async Task<(int Status, JsonElement Body)> PostEventAsync(this GatewayHost replica, object body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = JsonContent.Create(body) };
        return await SendAsync(replica, request, apiKey);
    }

    /// <summary>POST /events with a raw body, for malformed and oversized input.</summary>
    public static async Task<(int Status, JsonElement Body)> PostRawEventAsync(this GatewayHost replica, string body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        return await SendAsync(replica, request, apiKey);
    }

    public static async Task<(int Status, JsonElement Body)> PostAsync(this GatewayHost replica, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        return await SendAsync(replica, request, apiKey: null);
    }

    private static async Task<(int Status, JsonElement Body)> SendAsync(GatewayHost replica, HttpRequestMessage request, string? apiKey)
    {
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await replica.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, parsed);
    }
}
