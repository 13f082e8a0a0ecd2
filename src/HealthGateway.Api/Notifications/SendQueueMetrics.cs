using HealthGateway.Api.Metrics;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// Exports the <see cref="SendQueueBudget"/>'s accounting as observable instruments on the gateway meter, read
/// when a reader collects (<c>/metrics</c>, OTLP): the bytes queued across all connections, the bound, and the
/// connections dropped for not reading.
/// </summary>
internal static class SendQueueMetrics
{
    /// <summary>Registers the instruments when the host has the gateway's meter (a bare notifications host has none).</summary>
    public static void Register(IServiceProvider services)
    {
        if (services.GetService<GatewayMeter>() is not { } meter)
        {
            return;
        }

        var budget = services.GetRequiredService<SendQueueBudget>();
        meter.Meter.CreateObservableGauge(MetricNames.WebSocketQueuedBytes, () => budget.QueuedBytes, "By",
            "Bytes of serialized events waiting to be sent (or being sent) to WebSocket clients, all connections together.");
        meter.Meter.CreateObservableGauge(MetricNames.WebSocketQueuedBytesLimit, () => budget.MaxTotal, unit: null,
            "MaxQueuedBytesTotal (bytes): the most the send queues may hold together before the connection furthest behind is dropped.");
        meter.Meter.CreateObservableCounter(MetricNames.WebSocketSlowClientDrops, () => budget.DroppedConnections, unit: null,
            "WebSocket connections closed with 1008 because the client did not read (event count or byte bound).");
    }
}
