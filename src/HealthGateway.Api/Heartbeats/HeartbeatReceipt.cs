namespace HealthGateway.Api.Heartbeats;

/// <summary>The answer to an accepted heartbeat.</summary>
/// <param name="Service">The service, as configured.</param>
/// <param name="Status"><c>ok</c> or <c>fail</c>, as recorded.</param>
/// <param name="ReceivedAt">When the gateway recorded it.</param>
public sealed record HeartbeatReceipt(string Service, string Status, DateTimeOffset ReceivedAt);
