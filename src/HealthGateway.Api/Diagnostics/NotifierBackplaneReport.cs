namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// With the backplane on: whether the probe's events went through Redis and came back to this replica, as every
/// replica's events do. Absent from the report when no backplane is configured.
/// </summary>
/// <param name="Description">"5 events through Redis channel '…' (host:port) and back", or which event did not and why.</param>
public sealed record NotifierBackplaneReport(bool Success, string Description);
