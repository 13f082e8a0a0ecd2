using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Alerts;

/// <summary>
/// Decides which replica alerts a transition when several replicas see it (the fleet): absent, this replica alerts
/// every transition it sees.
/// </summary>
public interface ITransitionClaims
{
    /// <summary>
    /// Called on the poller's path for every transition, in order: null when another replica is the one to alert it;
    /// otherwise its fleet-wide id and this replica's name for the payload. Returns at once.
    /// </summary>
    TransitionTicket? Ticket(StateTransition transition);

    /// <summary>Claims <paramref name="key"/> fleet-wide; false when another replica already did. True when that cannot be known (Redis down).</summary>
    Task<bool> ClaimAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A transition this replica may alert: its fleet-wide id and the sending replica.</summary>
public sealed record TransitionTicket(string TransitionId, string Replica);
