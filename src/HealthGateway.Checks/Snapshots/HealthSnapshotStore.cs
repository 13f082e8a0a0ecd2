using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using HealthGateway.Checks.Readiness;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Snapshots;

/// <summary>
/// Holds the latest result of every service and the readiness snapshot built from them. Writers are the poller's
/// checks; readers are requests, which never trigger work here. Each new snapshot wakes everyone waiting for a
/// change, which is how <c>?wait=</c> reacts to a service coming up without a polling loop.
/// </summary>
public sealed partial class HealthSnapshotStore
{
    private readonly Lock _gate = new();
    private readonly ServiceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly IStateTransitionSink[] _sinks;
    private readonly ICheckResultSink[] _resultSinks;
    private readonly ILogger<HealthSnapshotStore> _logger;
    private readonly TimeSpan _pollInterval;
    private readonly int _historySize;
    private readonly int _transitionHistorySize;
    private DependencyGraph _dependencies;
    private readonly Dictionary<string, ServiceHistory> _histories;
    private readonly Dictionary<string, ServiceCheckResult> _reported = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _changed = NewSignal();
    private ReadinessSnapshot _current;
    private bool _stopping;

    /// <summary>Creates the store with every service pending.</summary>
    public HealthSnapshotStore(ServiceCatalog catalog, IOptions<GatewayOptions> options, TimeProvider time,
        IEnumerable<IStateTransitionSink> sinks, IEnumerable<ICheckResultSink> resultSinks, ILogger<HealthSnapshotStore> logger)
    {
        _catalog = catalog;
        _time = time;
        _sinks = sinks.ToArray();
        _resultSinks = resultSinks.ToArray();
        _logger = logger;
        _pollInterval = options.Value.PollInterval;
        _historySize = options.Value.HistorySize;
        _transitionHistorySize = options.Value.TransitionHistorySize;
        _histories = catalog.Definitions.ToDictionary(
            d => d.Name,
            d => new ServiceHistory(d, options.Value.HistorySize, options.Value.TransitionHistorySize),
            StringComparer.OrdinalIgnoreCase);
        _dependencies = DependencyGraph.From(options.Value);
        _current = ReadinessPolicy.Evaluate(false, catalog.Definitions, _reported, 0, time.GetUtcNow(), _dependencies);
    }

    /// <summary>The latest snapshot. Cheap: a field read.</summary>
    public ReadinessSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Who depends on whom (<c>DependsOn</c>), as configured.</summary>
    public DependencyGraph Dependencies => Volatile.Read(ref _dependencies);

    /// <summary>Records a completed check of <paramref name="service"/> and publishes a new snapshot.</summary>
    public void Record(string service, ServiceCheckResult result) => Record(service, null, result);

    /// <summary>
    /// Records a completed check of the service <paramref name="definition"/> describes, unless a reload has replaced
    /// or removed it since the check started: a result about old settings must not count under new ones.
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
        lock (_gate)
        {
            _catalog.Replace(services, options);
            foreach (var name in removed)
            {
                _histories.Remove(name);
                _reported.Remove(name);
            }

            foreach (var definition in added)
            {
                _histories[definition.Name] = new ServiceHistory(definition, _historySize, _transitionHistorySize);
                _reported.Remove(definition.Name);
            }

            foreach (var definition in changed)
            {
                // Still served, marked as the previous settings' status, until the first check under the new ones.
                var history = _histories[definition.Name];
                history.Reconfigure(definition);
                if (history.Reported is { } reported)
                {
                    _reported[definition.Name] = reported;
                }
            }

            Volatile.Write(ref _dependencies, DependencyGraph.From(options));
            PublishLocked();
        }
    }

    /// <summary>Publishes the same results as a new snapshot, so every body cached over the old one is rendered again.</summary>
    public void Republish()
    {
        lock (_gate)
        {
            PublishLocked();
        }
    }

    private void Record(string service, ServiceDefinition? expected, ServiceCheckResult result)
    {
        StateTransition? transition;
        ServiceCheckResult reported;
        ServiceDefinition definition;
        lock (_gate)
        {
            if (!_histories.TryGetValue(service, out var history) || (expected is not null && !ReferenceEquals(history.Definition, expected)))
            {
                return;
            }

            definition = history.Definition;

            transition = history.Record(result);
            reported = history.Reported!;
            _reported[service] = reported;
            PublishLocked();
        }

        foreach (var sink in _resultSinks)
        {
            Guard(sink, () => sink.OnResult(definition, result, reported));
        }

        if (transition is not null)
        {
            foreach (var sink in _sinks)
            {
                Guard(sink, () => sink.OnTransition(transition));
            }
        }
    }

    /// <summary>Marks the gateway as stopping: from now on it is not ready.</summary>
    public void MarkStopping()
    {
        lock (_gate)
        {
            _stopping = true;
            PublishLocked();
        }
    }

    /// <summary>One service's details, or null for an unknown name.</summary>
    public ServiceDetails? GetDetails(string service)
    {
        lock (_gate)
        {
            return _histories.TryGetValue(service, out var history) ? history.Details() : null;
        }
    }

    /// <summary>
    /// Services whose latest result is older than <paramref name="limit"/> (pending ones are not stale: they are
    /// running). A service is never stale before its next scheduled check has had time to finish, so a short
    /// limit cannot turn every request into a live check.
    /// </summary>
    public IReadOnlyList<string> StaleServices(TimeSpan limit)
    {
        // Called on every readiness request: the common answer, nothing stale, allocates nothing.
        var now = _time.GetUtcNow();
        var entries = Current.Entries;
        List<string>? stale = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Result is { } result && now - result.CheckedAt > Max(limit, _pollInterval + entry.Definition.Timeout + TimeSpan.FromSeconds(1)))
            {
                (stale ??= []).Add(entry.Definition.Name);
            }
        }

        return stale ?? (IReadOnlyList<string>)[];

        static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }

    /// <summary>Completes when a snapshot newer than <paramref name="seen"/> is published.</summary>
    public Task WaitForChangeAsync(ReadinessSnapshot seen, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_current.Version != seen.Version)
            {
                return Task.CompletedTask;
            }

            signal = _changed.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Waits for the gateway (or the part of it <paramref name="view"/> keeps) to turn ready by reacting to each
    /// new snapshot (no sleep loop), until <paramref name="timeout"/> has passed or the gateway starts stopping;
    /// returns the last whole snapshot either way. This is <c>?wait=</c> on the server and <c>wait</c> on the
    /// command line.
    /// </summary>
    /// <param name="timeout">How long to wait, on this store's clock.</param>
    /// <param name="view">Narrows each snapshot to the services asked about; null keeps it whole.</param>
    /// <param name="whileWaiting">Started before each wait with the narrowed snapshot and disposed after it (the
    /// server hurries the services that hold the answer back); null for nothing.</param>
    /// <param name="onChange">Called with each new narrowed snapshot that is still not ready, for progress output.</param>
    /// <param name="cancellationToken">Ends the wait early (the caller went away).</param>
    public async Task<ReadinessSnapshot> WaitUntilReadyAsync(TimeSpan timeout, Func<ReadinessSnapshot, ReadinessSnapshot>? view,
        Func<ReadinessSnapshot, IDisposable?>? whileWaiting, Action<ReadinessSnapshot>? onChange, CancellationToken cancellationToken)
    {
        view ??= static snapshot => snapshot;
        var started = _time.GetTimestamp();
        var full = Current;
        var seen = view(full);
        while (!seen.Ready && seen.Phase != GatewayPhase.Stopping)
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using (whileWaiting?.Invoke(seen))
            {
                try
                {
                    await WaitForChangeAsync(full, cancellationToken).WaitAsync(remaining, _time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    break;
                }
            }

            full = Current;
            seen = view(full);
            if (!seen.Ready)
            {
                onChange?.Invoke(seen);
            }
        }

        return full;
    }

    private void PublishLocked()
    {
        var next = ReadinessPolicy.Evaluate(_stopping, _catalog.Definitions, _reported, _current.Version + 1, _time.GetUtcNow(), _dependencies);
        Volatile.Write(ref _current, next);
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
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
