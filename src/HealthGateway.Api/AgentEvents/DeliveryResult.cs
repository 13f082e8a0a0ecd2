namespace HealthGateway.Api.AgentEvents;

/// <summary>What publishing one event did: whether it was queued for at least one of the user's connections, and for how many.</summary>
/// <remarks>
/// Queued, not yet read by the client: a socket write happens later on that connection's writer. The counts are
/// this replica's connections only; with the backplane on, every other replica delivers the event to its own.
/// </remarks>
public readonly record struct DeliveryResult(bool Delivered, int Connections)
{
    public static DeliveryResult NotDelivered { get; } = new(false, 0);

    /// <summary>How the event reached this replica's connections (<see cref="DeliveryRoute.Local"/> without a backplane).</summary>
    public DeliveryRoute Route { get; init; }

    /// <summary>With the backplane: the subscriber count Redis answered PUBLISH with; null otherwise.</summary>
    public long? Subscribers { get; init; }
}
