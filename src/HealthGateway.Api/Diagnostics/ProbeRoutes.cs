using HealthGateway.Api.AgentEvents;
using HealthGateway.Checks.Core.Failures;

namespace HealthGateway.Api.Diagnostics;

/// <summary>With events relayed between replicas: whether the probe's events took the way through the relay.</summary>
internal static class ProbeRoutes
{
    /// <summary>Null without a backplane; otherwise whether every event the probe sent went through Redis and back.</summary>
    public static NotifierBackplaneReport? Describe(List<(string Type, DeliveryRoute Route)> routes, AgentEventRelayInfo? relay)
    {
        if (relay is null)
        {
            return null;
        }

        var (channel, target, publishTimeout) = relay;
        if (routes.Count == 0)
        {
            return new NotifierBackplaneReport(false, "no event was sent, so none went through Redis");
        }

        foreach (var (type, route) in routes)
        {
            switch (route)
            {
                case DeliveryRoute.Backplane:
                    continue;
                case DeliveryRoute.LocalFallback:
                    return new NotifierBackplaneReport(false,
                        $"{type} was delivered on this replica only: not subscribed to Redis channel '{channel}' ({target}); other replicas' users miss events");
                case DeliveryRoute.Unconfirmed:
                    return new NotifierBackplaneReport(false,
                        $"{type} was published, but its copy did not come back from Redis ({target}) within {Durations.Format(publishTimeout)}");
                default:
                    return new NotifierBackplaneReport(false, $"{type} did not go through the backplane (route {route})");
            }
        }

        return new NotifierBackplaneReport(true, $"{routes.Count} events through Redis channel '{channel}' ({target}) and back");
    }
}
