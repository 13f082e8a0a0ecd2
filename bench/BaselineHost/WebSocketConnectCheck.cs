using System.Net.WebSockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Bench.Baseline;

/// <summary>The simplest WebSocket check one would write: connect, then complete the close handshake.</summary>
public sealed class WebSocketConnectCheck(Uri url) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(url, cancellationToken);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
