namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>Where a service is checked in a fleet of replicas: the <c>cluster</c> block of its entry.</summary>
/// <param name="Mode"><c>fleet</c> (checks shared through Redis) or <c>standalone</c> (Redis unreachable: this replica checks everything).</param>
/// <param name="Replica">This replica's id.</param>
/// <param name="Members">The live replicas that run the same settings for the service (its candidates), this one included.</param>
/// <param name="Owner">The replica that checks it.</param>
public sealed record ServicePlacement(string Mode, string Replica, IReadOnlyList<string> Members, string Owner);
