using HealthGateway.Checks.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="WebSocketHealthCheck"/>s.</summary>
public static class WebSocketHealthCheckBuilderExtensions
{
    /// <summary>Adds a WebSocket round-trip check named <paramref name="name"/>.</summary>
    public static IHealthChecksBuilder AddGatewayWebSocket(this IHealthChecksBuilder builder, string name, WebSocketHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.Add(new HealthCheckRegistration(
            name,
            sp => new WebSocketHealthCheck(options, sp.GetRequiredService<TimeProvider>()),
            failureStatus,
            tags,
            timeout));
}
