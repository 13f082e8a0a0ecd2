using HealthGateway.Api.Metrics;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// Exports the <see cref="SendQueueBudget"/>'s accounting on <c>/metrics</c>, read at scrape time: the bytes queued
/// across all connections, the bound, and the connections dropped for not reading.
/// </summary>
internal static class SendQueueMetrics
{
    /// <summary>Registers the metrics when the host has the gateway's metrics registry (a bare notifications host has none).</summary>
    public static void Register(IServiceProvider services)
    {
        if (services.GetService<GatewayMetricsRegistry>() is not { } metrics)
        {
            return;
        }

        var budget = services.GetRequiredService<SendQueueBudget>();
        var queued = metrics.Factory.CreateGauge(MetricNames.WebSocketQueuedBytes,
            "Bytes of serialized events waiting to be sent (or being sent) to WebSocket clients, all connections together.");
        var limit = metrics.Factory.CreateGauge(MetricNames.WebSocketQueuedBytesLimit,
            "MaxQueuedBytesTotal: the most the send queues may hold together before the connection furthest behind is dropped.");
        var dropped = metrics.Factory.CreateCounter(MetricNames.WebSocketSlowClientDrops,
            "WebSocket connections closed with 1008 because the client did not read (event count or byte bound).");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            queued.Set(budget.QueuedBytes);
            limit.Set(budget.MaxTotal);
            dropped.IncTo(budget.DroppedConnections);
        });
    }
}
