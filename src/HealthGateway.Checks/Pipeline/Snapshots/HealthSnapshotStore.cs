using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Holds the latest result of every service and the readiness snapshot built from them. Writers are the poller's
/// checks; readers are requests, which never trigger work here. Each new snapshot wakes everyone waiting for a change.
/// </summary>
public sealed partial class HealthSnapshotStore
{
    // Serialises whole-state publications (a reload, stopping); results never take it.
    private readonly Lock _applyGate = new();
    private readonly ServiceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly IStateTransitionSink[] _sinks;
    private readonly ICheckResultSink[] _resultSinks;
    private readonly ILogger<HealthSnapshotStore> _logger;
    private readonly int _historySize;
    private readonly int _transitionHistorySize;
    private DependencyGraph _dependencies;

    // Replaced whole by a reload; each history is guarded by its own lock, so results for different services never meet.
    private Dictionary<string, ServiceHistory> _histories;
    private TaskCompletionSource _changed = NewSignal();
    private ReadinessState _state;

    private readonly StaleResults _stale;

    /// <summary>Creates the store with every service pending.</summary>
    public HealthSnapshotStore(ServiceCatalog catalog, IOptions<GatewayOptions> options, TimeProvider time,
        IEnumerable<IStateTransitionSink> sinks, IEnumerable<ICheckResultSink> resultSinks, ILogger<HealthSnapshotStore> logger)
    {
        _catalog = catalog;
        _time = time;
        _sinks = sinks.ToArray();
        _resultSinks = resultSinks.ToArray();
        _logger = logger;
        _stale = new StaleResults(options.Value.PollInterval);
        _historySize = options.Value.HistorySize;
        _transitionHistorySize = options.Value.TransitionHistorySize;
        _histories = catalog.Definitions.ToDictionary(
            d => d.Name,
            d => new ServiceHistory(d, options.Value.HistorySize, options.Value.TransitionHistorySize),
            StringComparer.OrdinalIgnoreCase);
        _dependencies = DependencyGraph.From(options.Value);
        _state = ReadinessState.Build(catalog.Definitions, _ => null, _dependencies, 0, false, time.GetUtcNow());
    }

    /// <summary>The latest snapshot. Cheap: a field read.</summary>
    public ReadinessSnapshot Current => Volatile.Read(ref _state).Snapshot;

    /// <summary>Who depends on whom (<c>DependsOn</c>), as configured.</summary>
    public DependencyGraph Dependencies => Volatile.Read(ref _dependencies);

    /// <summary>The running counts behind <see cref="Current"/>, for tests.</summary>
    internal (int Pending, int RequiredPending, int RequiredDown, int Problems) Counts => Volatile.Read(ref _state).Counts;

    /// <summary>Records a completed check of <paramref name="service"/> and publishes a new snapshot.</summary>
    public void Record(string service, ServiceCheckResult result) => Record(service, null, result);

    /// <summary>
    /// Records a completed check of the service <paramref name="definition"/> describes, unless a reload has replaced
    /// or removed it since the check started: a result about old settings must not count under new ones. O(log N)
    /// (plus this service's dependents when it turns Unhealthy or back), under this service's lock only.
    /// </summary>
    public void Record(ServiceDefinition definition, ServiceCheckResult result) => Record(definition.Name, definition, result);

    /// <summary>
    /// Applies a reloaded set of services: <paramref name="services"/> becomes the catalog's configured part; the
    /// histories of <paramref name="removed"/> go, <paramref name="added"/> start pending, <paramref name="changed"/>
    /// start afresh with their history kept and their last status still served until checked again (see
    /// <see cref="ServiceHistory.Reconfigure"/>); every other service keeps
    /// its history, counters and status. One new snapshot is published, with no transition.
    /// </summary>
    public void Apply(IReadOnlyList<MonitoredService> services, GatewayOptions options, IReadOnlyCollection<string> removed,
        IReadOnlyList<ServiceDefinition> added, IReadOnlyList<ServiceDefinition> changed)
    {
        lock (_applyGate)
        {
            _catalog.Replace(services, options);
            var histories = new Dictionary<string, ServiceHistory>(Volatile.Read(ref _histories), StringComparer.OrdinalIgnoreCase);
            foreach (var name in removed)
            {
                if (histories.Remove(name, out var gone))
                {
                    // A check of it still in flight must not record (nor alert) after this.
                    lock (gone)
                    {
                        gone.Retire();
                    }
                }
            }

            foreach (var definition in added)
            {
                histories[definition.Name] = new ServiceHistory(definition, _historySize, _transitionHistorySize);
            }

            foreach (var definition in changed)
            {
                // Still served, marked as the previous settings' status, until the first check under the new ones.
                var history = histories[definition.Name];
                lock (history)
                {
                    history.Reconfigure(definition);
                }
            }

            Volatile.Write(ref _histories, histories);
            Volatile.Write(ref _dependencies, DependencyGraph.From(options));
            _stale.Reset();
            var definitions = _catalog.Definitions;
            var graph = _dependencies;
            Publish(state => ReadinessState.Build(definitions, name => histories.GetValueOrDefault(name)?.Reported, graph, state.Version + 1,
                state.Stopping, _time.GetUtcNow()));
        }
    }

    /// <summary>Publishes the same results as a new snapshot, so every body cached over the old one is rendered again.</summary>
    public void Republish() => Publish(state => state.Republish(state.Stopping, _time.GetUtcNow()));

    private void Record(string service, ServiceDefinition? expected, ServiceCheckResult result)
    {
        if (!Volatile.Read(ref _histories).TryGetValue(service, out var history))
        {
            return;
        }

        StateTransition? transition;
        ServiceCheckResult reported;
        ServiceDefinition definition;

        // This service's lock only: the same service's results land in order, any other's go on beside them.
        lock (history)
        {
            if (history.Retired || (expected is not null && !ReferenceEquals(history.Definition, expected)))
            {
                return;
            }

            definition = history.Definition;
            transition = history.Record(result);
            reported = history.Reported!;
            var now = _time.GetUtcNow();
            // By name: an unchanged service's definition may be an equal copy after a reload. A reload that removed
            // or changed it has retired or reconfigured this history under this lock, so it never gets this far.
            Publish(state => state.IndexOf(service) is var index and >= 0 ? state.With(index, reported, now) : null);
        }

        _stale.Lower(definition, reported);

        // Transitions before results: a result sink that shares the result (the fleet) sends it with what the
        // transition sinks have noted about this very transition (its id's base), not with what came before it.
        if (transition is not null)
        {
            foreach (var sink in _sinks)
            {
                Guard(sink, () => sink.OnTransition(transition));
            }
        }

        foreach (var sink in _resultSinks)
        {
            Guard(sink, () => sink.OnResult(definition, result, reported));
        }
    }

    /// <summary>Marks the gateway as stopping: from now on it is not ready.</summary>
    public void MarkStopping()
    {
        lock (_applyGate)
        {
            Publish(state => state.Republish(true, _time.GetUtcNow()));
        }
    }

    /// <summary>One service's details, or null for an unknown name.</summary>
    public ServiceDetails? GetDetails(string service)
    {
        if (!Volatile.Read(ref _histories).TryGetValue(service, out var history))
        {
            return null;
        }

        lock (history)
        {
            return history.Details(_time.GetUtcNow());
        }
    }

    /// <summary>
    /// Services whose latest result is older than <paramref name="limit"/> (pending ones are not stale: they are
    /// running), never before their next scheduled check had time to finish. Called on every readiness request:
    /// it walks the services only once some result may really be stale (<see cref="StaleResults"/>).
    /// </summary>
    public IReadOnlyList<string> StaleServices(TimeSpan limit) => _stale.Find(Current.Entries, limit, _time.GetUtcNow());

    /// <summary>Completes when a snapshot newer than <paramref name="seen"/> is published.</summary>
    public Task WaitForChangeAsync(ReadinessSnapshot seen, CancellationToken cancellationToken)
    {
        // The signal before the version: a publication after this read completes this signal.
        var signal = Volatile.Read(ref _changed).Task;
        return Current.Version != seen.Version ? Task.CompletedTask : signal.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes <paramref name="next"/>'s state (null: nothing to publish) with a compare-and-swap, no lock: a
    /// result that lands meanwhile makes this one start again from it, so neither is lost.
    /// </summary>
    private void Publish(Func<ReadinessState, ReadinessState?> next)
    {
        var current = Volatile.Read(ref _state);
        while (true)
        {
            if (next(current) is not { } proposed)
            {
                return;
            }

            var seen = Interlocked.CompareExchange(ref _state, proposed, current);
            if (ReferenceEquals(seen, current))
            {
                break;
            }

            current = seen;
        }

        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private void Guard(object sink, Action notify)
    {
        try
        {
            notify();
        }
        catch (Exception exception)
        {
            // A broken sink must not stop the poller or the other sinks.
            LogSinkFailed(_logger, sink.GetType().Name, exception.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sink {Sink} failed: {Error}")]
    private static partial void LogSinkFailed(ILogger logger, string sink, string error);
}
