using System.Collections.Concurrent;

namespace HealthGateway.Api.Fleet;

/// <summary>What the fleet's parts share: the current table of owners, and each service's last transition marker.</summary>
internal sealed class FleetState(FleetView initial)
{
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FleetView _view = initial;

    /// <summary>The current table; replaced whole, read without a lock.</summary>
    public FleetView View
    {
        get => Volatile.Read(ref _view);
        set => Volatile.Write(ref _view, value);
    }

    /// <summary>
    /// Completes once this replica knows whether it is in a fleet (its first beat, or a member timeout without Redis).
    /// Until then it checks none of the fleet's services: a replica that joins while a service is down would otherwise
    /// judge it alone first and alert a transition the fleet has already alerted (its own "first result" id).
    /// </summary>
    public Task Joined => _joined.Task;

    /// <summary>Marks the first table as known; true the first time only.</summary>
    public bool Settle() => _joined.TrySetResult();

    /// <summary>
    /// Per service, when its last transition happened as the fleet saw it: the next transition's id is derived from
    /// it, so every replica that saw the same history names the same transition alike.
    /// </summary>
    public ConcurrentDictionary<string, string> Markers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
