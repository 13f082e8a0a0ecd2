using HealthGateway.Api.Notifications;

namespace HealthGateway.Api.Events;

/// <summary>What publishing one event did on the replica that accepted it.</summary>
/// <param name="Delivery">This replica's connections, and the route the event took to them.</param>
/// <param name="Subscribers">With the backplane: the subscriber count Redis answered PUBLISH with; null otherwise.</param>
public readonly record struct PublishResult(DeliveryResult Delivery, long? Subscribers);
