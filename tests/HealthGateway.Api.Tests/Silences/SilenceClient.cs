using System.Text;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Silences;

/// <summary>The calls an operator makes against <c>/silences</c>, and what readiness says about a silenced service.</summary>
public static class SilenceClient
{
    /// <summary>The API key the silence tests configure: without one the silence write API is off.</summary>
    public const string Key = "silence-writer-key";

    public static Task<(int Status, JsonElement Body)> CreateSilenceAsync(this GatewayHost gateway, object body, string? apiKey = Key) =>
        gateway.PostSilenceRawAsync(JsonSerializer.Serialize(body), apiKey);

    public static async Task<(int Status, JsonElement Body)> PostSilenceRawAsync(this GatewayHost gateway, string body, string? apiKey = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/silences") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(gateway, request, apiKey);
    }

    public static async Task<(int Status, JsonElement Body)> DeleteSilenceAsync(this GatewayHost gateway, string id, string? apiKey = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/silences/{id}");
        return await SendAsync(gateway, request, apiKey);
    }

    /// <summary>The ids of GET /silences, in its order.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListSilencesAsync(this GatewayHost gateway)
    {
        var (status, body) = await gateway.GetJsonAsync("/silences");
        Assert.Equal(200, status);
        return body.GetProperty("silences").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The entry's <c>silenced</c> object, or null when absent.</summary>
    public static JsonElement? Silenced(this JsonElement readiness, string service) =>
        readiness.GetProperty("entries").TryGetProperty(service, out var entry) && entry.TryGetProperty("silenced", out var silenced)
            ? silenced
            : null;

    private static async Task<(int Status, JsonElement Body)> SendAsync(GatewayHost gateway, HttpRequestMessage request, string? apiKey)
    {
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await gateway.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
