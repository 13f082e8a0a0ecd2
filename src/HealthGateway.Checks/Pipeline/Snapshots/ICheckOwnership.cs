namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Decides which replica checks which service when several replicas share the work (the fleet). The poller asks it
/// before each scheduled check; without one, this replica checks every service itself.
/// </summary>
public interface ICheckOwnership
{
    /// <summary>Whether this replica runs the scheduled checks of <paramref name="service"/> now. Called on every tick: a lookup, never a wait.</summary>
    bool IsMine(string service);

    /// <summary>
    /// An on-demand check (<c>?fresh=true</c>, a stale answer) of <paramref name="service"/>: when another replica owns
    /// it, asks that owner to check now and completes with true once its result has been recorded here; completes
    /// with false when this replica should run the check itself (it owns the service, or the owner did not answer).
    /// </summary>
    Task<bool> CheckElsewhereAsync(string service, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the owners of <paramref name="services"/> to check them every <c>WaitPollInterval</c> until the returned
    /// handle is disposed (a <c>?wait=</c> on this replica); null when there is nobody to ask.
    /// </summary>
    IDisposable? Hurry(IReadOnlyCollection<string> services);

    /// <summary>
    /// Completes once ownership is known (a fleet member has made its first beat). The poller's first scheduled check
    /// of each service waits for it, so a joining replica does not judge alone what the fleet already judges.
    /// </summary>
    Task Known => Task.CompletedTask;

    /// <summary>Where <paramref name="service"/> is checked, for the <c>cluster</c> block; null when replicas do not share work.</summary>
    ServicePlacement? Placement(string service);
}
