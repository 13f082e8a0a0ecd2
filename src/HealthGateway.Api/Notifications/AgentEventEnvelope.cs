namespace HealthGateway.Api.Notifications;

/// <summary>
/// The one JSON shape every event has on the wire:
/// <c>{"type":"agent_started","user":"u1","runId":"…","sequence":1,"timestamp":"…","data":{…}}</c>.
/// </summary>
/// <param name="Sequence">1 for the first event of a run sent to this user, then 2, 3, … in send order.</param>
/// <param name="Timestamp">UTC time the gateway emitted the event.</param>
public sealed record AgentEventEnvelope(
    string Type,
    string User,
    string RunId,
    long Sequence,
    DateTime Timestamp,
    object Data);
