using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Checks every service on its own schedule, every <see cref="GatewayOptions.PollInterval"/>, and records the
/// results in the <see cref="HealthSnapshotStore"/>. One slow service never delays another's fresh result.
/// On-demand refreshes join a run already in flight for that service instead of starting their own, so any
/// number of concurrent <c>?fresh=true</c> requests cost one check per service. While a caller waits on a
/// service (<see cref="Hurry"/>), that service is checked every <see cref="GatewayOptions.WaitPollInterval"/>
/// instead: one schedule per service, so a thousand waiters still cost one check per interval. Every check goes
/// through the <see cref="CheckAdmission"/>: at most <see cref="GatewayOptions.MaxConcurrentChecks"/> at once, and a
/// large fleet's first checks spread over the interval.
/// </summary>
public sealed partial class HealthPoller : BackgroundService
{
    private readonly ServiceCheckRunner _runner;
    private readonly HealthSnapshotStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _waitInterval;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<HealthPoller> _logger;
    private readonly ICheckOwnership? _ownership;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly CheckAdmission _admission;

    // Replaced whole on a reload, read without the lock by requests.
    private Dictionary<string, PollSchedule> _schedules;
    private CancellationToken? _polling;

    /// <summary>Prepares one schedule per monitored service.</summary>
    public HealthPoller(ServiceCatalog catalog, ServiceCheckRunner runner, HealthSnapshotStore store, IOptions<GatewayOptions> options,
        TimeProvider time, IHostApplicationLifetime lifetime, ILogger<HealthPoller>? logger = null, ICheckOwnership? ownership = null)
    {
        _logger = logger ?? NullLogger<HealthPoller>.Instance;
        _ownership = ownership;
        _runner = runner;
        _store = store;
        _time = time;
        _interval = options.Value.PollInterval;
        _waitInterval = options.Value.WaitPollInterval < _interval ? options.Value.WaitPollInterval : _interval;
        _lifetime = lifetime;
        _admission = new CheckAdmission(options.Value.MaxConcurrentChecks, time);
        var services = catalog.Services;
        _schedules = services.ToDictionary(
            s => s.Definition.Name,
            s => NewSchedule(s, _admission.StartOffset(s.Definition.Name, services.Count, _interval)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Checks the named services every <see cref="GatewayOptions.WaitPollInterval"/> until the returned handle is disposed;
    /// callers share each service's one schedule. Another replica's services are hurried there (<see cref="ICheckOwnership"/>).</summary>
    public IDisposable Hurry(IEnumerable<string> services)
    {
        var schedules = Volatile.Read(ref _schedules);
        var names = services.Where(schedules.ContainsKey).ToList();
        var hold = new PollUrgency.Hold(names.Select(name => schedules[name].Urgency).Distinct().ToList());
        return _ownership?.Hurry(names) is { } elsewhere ? new Both(hold, elsewhere) : hold;
    }

    /// <summary>
    /// Follows a reload: the schedules of <paramref name="stopped"/> end (a check in flight finishes, its result is
    /// dropped by the store), <paramref name="started"/> get schedules of their own whose first check runs at once.
    /// A changed service is in both. Every other schedule goes on untouched. The returned task completes once the
    /// stopped schedules' loops and their checks in flight (scheduled or on demand) have ended, so whatever their
    /// checks used can be disposed after it; a stopped schedule starts no check after this returns.
    /// </summary>
    public Task Apply(IReadOnlyCollection<string> stopped, IReadOnlyList<MonitoredService> started)
    {
        var ended = new List<PollSchedule>();
        var added = new List<PollSchedule>();
        CancellationToken? polling;
        lock (_gate)
        {
            var schedules = new Dictionary<string, PollSchedule>(_schedules, StringComparer.OrdinalIgnoreCase);
            foreach (var name in stopped)
            {
                if (schedules.Remove(name, out var schedule))
                {
                    ended.Add(schedule);
                }
            }

            foreach (var service in started)
            {
                var schedule = NewSchedule(service, TimeSpan.Zero);
                schedules[service.Definition.Name] = schedule;
                added.Add(schedule);
            }

            Volatile.Write(ref _schedules, schedules);
            polling = _polling;
        }

        if (polling is { } token)
        {
            foreach (var schedule in added)
            {
                schedule.Start(PollAsync, token);
            }
        }

        // Outside the lock: cancelling runs the stopped loops' continuations, which may run inline.
        return Task.WhenAll(ended.Select(schedule => schedule.End()));
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before the server stops taking requests: readiness turns 503 at once, so
        // whatever routes traffic here stops before the host drains.
        _lifetime.ApplicationStopping.Register(_store.MarkStopping);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Re-checks the named services (all when null) now, sharing any run already in flight. Completes when
    /// their results are recorded, or when <paramref name="cancellationToken"/> fires (the run goes on).
    /// </summary>
    public Task RefreshAsync(IEnumerable<string>? services, CancellationToken cancellationToken)
    {
        var schedules = Volatile.Read(ref _schedules);
        var names = services ?? schedules.Keys;
        // On the schedule's own token: a reload that removes or replaces the service cancels its refresh too.
        var runs = names.Where(schedules.ContainsKey).Select(name => schedules[name].RefreshAsync());
        return Task.WhenAll(runs).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopping.Token);
        PollSchedule[] initial;
        lock (_gate)
        {
            _polling = linked.Token;
            initial = [.. _schedules.Values];
        }

        // Outside the lock: each first check starts synchronously. A schedule a reload removed meanwhile ends at once.
        foreach (var schedule in initial)
        {
            schedule.Start(PollAsync, linked.Token);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: every schedule ends with the same token.
        }

        Task[] loops;
        lock (_gate)
        {
            // A reload from now on starts nothing: the token is about to be disposed.
            _polling = null;
            loops = _schedules.Values.Select(s => s.Loop ?? Task.CompletedTask).ToArray();
        }

        await Task.WhenAll(loops);
    }

    private PollSchedule NewSchedule(MonitoredService service, TimeSpan startOffset) =>
        new(service.Definition.Name, _stopping.Token, new SingleFlight(token => CheckAsync(service, token))) { StartOffset = startOffset };

    /// <summary>One check of <paramref name="service"/> in a slot of the admission, or the result saying it got none.</summary>
    private async Task CheckAsync(MonitoredService service, CancellationToken cancellationToken)
    {
        var definition = service.Definition;

        // A service another replica owns is checked there; its result reaches this store from that replica.
        if (_ownership is { } ownership && await ownership.CheckElsewhereAsync(definition.Name, cancellationToken))
        {
            return;
        }

        var waiting = _time.GetTimestamp();
        if (!await _admission.EnterAsync(definition.Timeout, cancellationToken))
        {
            _store.Record(definition, _admission.Starved(definition, _time.GetElapsedTime(waiting)));
            return;
        }

        ServiceCheckResult result;
        try
        {
            result = await _runner.RunAsync(definition, service.Registration, cancellationToken);
        }
        finally
        {
            // Before recording: the next waiter need not wait for the sinks.
            _admission.Exit();
        }

        // A pending result (a push service before its first heartbeat) leaves the service pending, as at start.
        if (!result.Pending)
        {
            _store.Record(definition, result);
        }
    }

    private async Task PollAsync(PollSchedule schedule, CancellationToken cancellationToken)
    {
        try
        {
            if (schedule.StartOffset > TimeSpan.Zero)
            {
                await Task.Delay(schedule.StartOffset, _time, cancellationToken);
            }

            // Who checks what is not known before a fleet member's first beat: the first tick waits for it, not checking alone.
            await (_ownership?.Known ?? Task.CompletedTask).WaitAsync(cancellationToken);

            while (true)
            {
                // Fixed rate: a check that takes longer than the interval is followed at once by the next one.
                var started = _time.GetTimestamp();
                try
                {
                    // The schedule keeps ticking while another replica owns the service, so it takes over at once.
                    if (_ownership?.IsMine(schedule.Service) != false)
                    {
                        await schedule.Run.RunAsync(cancellationToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The runner turns every dependency failure into a result; this is a bug or a broken check
                    // factory. It must not end this service's schedule: log it and try again next tick.
                    LogRunFailed(_logger, schedule.Service, exception.GetType().Name, exception.Message);
                }

                await WaitUntilDueAsync(started, schedule.Urgency, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Sleeps until the next check is due: <see cref="_interval"/> after the last one started, or
    /// <see cref="_waitInterval"/> while someone waits on the service. A first waiter wakes the sleep early.
    /// </summary>
    private async Task WaitUntilDueAsync(long started, PollUrgency urgency, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before reading the count, so a waiter that arrives in between still wakes this sleep.
            var changed = urgency.Changed;
            var remaining = (urgency.IsUrgent ? _waitInterval : _interval) - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(remaining, _time, sleep.Token);
            if (await Task.WhenAny(delay, changed) == delay)
            {
                await delay;
                return;
            }

            await sleep.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Checking {Service} failed unexpectedly: {ErrorType}: {Error}")]
    private static partial void LogRunFailed(ILogger logger, string service, string errorType, string error);
}
