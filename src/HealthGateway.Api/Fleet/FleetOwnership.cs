using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// The poller's view of the fleet (<see cref="ICheckOwnership"/>): it checks what this replica owns, and an on-demand
/// check of another's service becomes a request to that owner, answered by its result arriving here.
/// </summary>
internal sealed class FleetOwnership(FleetState state, FleetResults results, FleetHurries hurries, FleetTimings timings, TimeProvider time) : ICheckOwnership
{
    /// <inheritdoc />
    public bool IsMine(string service) => state.View.IsMine(service);

    /// <inheritdoc />
    public async Task<bool> CheckElsewhereAsync(string service, CancellationToken cancellationToken)
    {
        if (!state.Joined.IsCompleted && state.View.Service(service) is not null)
        {
            // Settles within a member timeout (the coordinator's fallback), so this wait is bounded.
            await state.Joined.WaitAsync(cancellationToken);
        }

        var view = state.View;
        if (view.IsMine(service) || view.Service(service) is not { } monitored)
        {
            return false;
        }

        // The owner has not published for longer than a round should take: it may be gone and not yet timed out.
        // This replica checks now rather than keep a caller waiting on it; the result goes to the others as usual.
        var round = timings.PollInterval + monitored.Definition.Timeout + TimeSpan.FromSeconds(1);
        if (results.Latest(service) is not { } latest || time.GetUtcNow() - latest > round)
        {
            return false;
        }

        var arrival = results.NextArrival(service);
        hurries.AskToCheck(service);
        try
        {
            await arrival.WaitAsync(monitored.Definition.Timeout + timings.PollInterval, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task Known => state.Joined;

    /// <inheritdoc />
    public IDisposable? Hurry(IReadOnlyCollection<string> services) => hurries.Hurry(services);

    /// <inheritdoc />
    public ServicePlacement? Placement(string service) => state.View.Placement(service);
}
