using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>Everything a gateway shows of its services, to assert a password appears nowhere in it.</summary>
public static class SecretLeaks
{
    /// <summary>/health/ready, /health/services/{name} for each service, /metrics and every log line (Debug included).</summary>
    public static async Task<string> EverythingShownAsync(GatewayHost gateway, params string[] services)
    {
        var parts = new List<string> { (await gateway.GetJsonAsync("/health/ready")).Body.ToString() };
        foreach (var service in services)
        {
            parts.Add((await gateway.GetJsonAsync($"/health/services/{service}")).Body.ToString());
        }

        parts.Add(await gateway.Client.GetStringAsync("/metrics"));
        parts.AddRange(gateway.Logs.RenderedLines());
        parts.AddRange(gateway.Logs.Events.SelectMany(e => e.Properties.Values.Select(v => v.ToString())));
        return string.Join('\n', parts);
    }
}
