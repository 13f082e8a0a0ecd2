using System.Collections.Concurrent;

namespace HealthGateway.Api.Fleet;

/// <summary>What the fleet's parts share: the current table of owners, and each service's last transition marker.</summary>
internal sealed class FleetState(FleetView initial)
{
    private FleetView _view = initial;

    /// <summary>The current table; replaced whole, read without a lock.</summary>
    public FleetView View
    {
        get => Volatile.Read(ref _view);
        set => Volatile.Write(ref _view, value);
    }

    /// <summary>
    /// Per service, when its last transition happened as the fleet saw it: the next transition's id is derived from
    /// it, so every replica that saw the same history names the same transition alike.
    /// </summary>
    public ConcurrentDictionary<string, string> Markers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
