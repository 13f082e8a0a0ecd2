using System.Text.Json.Serialization;

namespace HealthGateway.Api.AgentEvents;

/// <summary>The 202 body of <c>POST /events</c>.</summary>
/// <param name="Delivered">Queued for at least one connection of the user on the replica that answered.</param>
/// <param name="Connections">How many of the user's connections on that replica it was queued for.</param>
/// <param name="Route"><c>local</c>, <c>backplane</c>, <c>local-fallback</c> or <c>unconfirmed</c> (see docs/scale-out.md).</param>
/// <param name="Subscribers">With the backplane: how many subscribers (replicas) Redis handed the event to.</param>
public sealed record AgentEventAccepted(
    bool Delivered,
    int Connections,
    string Route,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Subscribers);
