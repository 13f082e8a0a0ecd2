namespace HealthGateway.Api.AgentEvents;

/// <summary>How an event reached the connections of the replica that accepted it.</summary>
public enum DeliveryRoute
{
    /// <summary>No backplane is configured: delivered straight to this replica's connections.</summary>
    Local,

    /// <summary>Published to the Redis channel and delivered when this replica's own copy came back, as on every subscribed replica.</summary>
    Backplane,

    /// <summary>The backplane is configured but unavailable: delivered to this replica's connections only.</summary>
    LocalFallback,

    /// <summary>
    /// Published (or being published), but this replica's copy did not come back in time: it may still be delivered
    /// late, or not at all. Nothing was delivered directly, so the event is never delivered twice.
    /// </summary>
    Unconfirmed,
}
