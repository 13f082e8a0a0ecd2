using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Kinds.Tls;
using HealthGateway.Checks.Kinds.WebSockets;
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
        // One token source per service, disposed with its container, so the token is cached across checks.
        var tokensKey = $"healthgateway:websocket:{name}:oauth2";
        if (options.OAuth2 is { } oauth2)
        {
            builder.Services.AddKeyedSingleton(tokensKey, (sp, _) => new TokenSource(oauth2, options.Proxy, sp.GetRequiredService<TimeProvider>(), timeout));
        }

        return builder.AddWithCertificates("websocket", name, options.Certificates, options.Target,
            (IServiceProvider sp, CertificateInspector? inspector) => new WebSocketHealthCheck(options, sp.GetRequiredService<TimeProvider>(), inspector,
                options.OAuth2 is null ? null : sp.GetRequiredKeyedService<TokenSource>(tokensKey)),
            timeout, tags, failureStatus);
    }
}
