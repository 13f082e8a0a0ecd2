using HealthGateway.Checks.Tls;
using HealthGateway.Checks.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="WebSocketHealthCheck"/>s.</summary>
public static class WebSocketHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a WebSocket round-trip check named <paramref name="name"/>; for wss with
    /// <see cref="WebSocketHealthCheckOptions.Certificates"/>, one <see cref="CertificateInspector"/> per service judges
    /// the server certificate and the check reports its verdict.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayWebSocket(this IHealthChecksBuilder builder, string name, WebSocketHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var inspectorKey = $"healthgateway:websocket:{name}:certificate";
        if (options.Certificates is { } certificates)
        {
            builder.Services.AddKeyedSingleton(inspectorKey, (sp, _) => new CertificateInspector(certificates, sp.GetRequiredService<TimeProvider>()));
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp =>
            {
                var time = sp.GetRequiredService<TimeProvider>();
                if (options.Certificates is null)
                {
                    return new WebSocketHealthCheck(options, time);
                }

                var inspector = sp.GetRequiredKeyedService<CertificateInspector>(inspectorKey);
                return new CertificateCheck(new WebSocketHealthCheck(options, time, inspector), inspector, options.Target);
            },
            failureStatus,
            tags,
            timeout));
    }
}
