using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// One service's memory: bounded raw history, bounded transitions, and the flap control that turns raw results
/// into reported ones. Not thread-safe: the store locks each history (the object itself) around every use.
/// </summary>
internal sealed class ServiceHistory(ServiceDefinition initial, int historySize, int transitionHistorySize)
{
    /// <summary>The reason of the first transition after a service's settings changed.</summary>
    public const string ConfigurationChanged = "configuration changed";

    /// <summary>How a reported status from before a settings change begins, until the first check under the new ones.</summary>
    public const string PreviousSettings = "under the previous settings, until checked again: ";

    // Raw results as compact structs in a ring (no Data: the history shows status, duration, words and time).
    private readonly ResultRing _results = new(historySize);
    private readonly Queue<StateTransition> _transitions = new();

    // The share of time Healthy: kept while the settings stay the same, started afresh when they change.
    private UptimeRecorder _uptime = new();

    // Set by Reconfigure until the first result under the new settings: the status the old settings had reported.
    private (HealthStatus? Status, bool Pending) _beforeChange;
    private ServiceDefinition _definition = initial;

    public ServiceDefinition Definition => _definition;

    public ServiceCheckResult? Reported { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>Set when a reload removed or replaced the service: a check still in flight records nothing.</summary>
    public bool Retired { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    /// <summary>Records a raw result; returns the transition it caused, if any.</summary>
    public StateTransition? Record(ServiceCheckResult raw)
    {
        _results.Add(raw);
        var previous = Reported;
        ServiceCheckResult reported;
        if (raw.Status == HealthStatus.Unhealthy)
        {
            ConsecutiveFailures++;
            ConsecutiveSuccesses = 0;
            reported = previous is null || previous.Status == HealthStatus.Unhealthy || ConsecutiveFailures >= _definition.FailureThreshold
                ? raw
                : raw with
                {
                    // Below the threshold the last reported status stands; the description says what is brewing.
                    Status = previous.Status,
                    Description = $"{ConsecutiveFailures} of {_definition.FailureThreshold} failures before Unhealthy: {raw.Description}",
                };
        }
        else
        {
            ConsecutiveSuccesses++;
            ConsecutiveFailures = 0;
            reported = previous?.Status == HealthStatus.Unhealthy && ConsecutiveSuccesses < _definition.SuccessThreshold
                ? raw with
                {
                    Status = HealthStatus.Unhealthy,
                    Description = $"recovering, {ConsecutiveSuccesses} of {_definition.SuccessThreshold} successes: {raw.Description}",
                }
                : raw;
        }

        Reported = reported;
        _uptime.Record(raw.CheckedAt, reported.Status, raw.Pending);
        if (_beforeChange.Pending)
        {
            // The first result under new settings is always a transition in the history, from what the old
            // settings reported; it is news for the sinks (webhooks, the log) only when the status moved.
            var from = _beforeChange.Status;
            _beforeChange = default;
            var changed = new StateTransition(_definition.Name, from, reported.Status, $"{ConfigurationChanged}: {reported.Description}",
                raw.Duration, raw.CheckedAt, _definition.Critical);
            Enqueue(_transitions, changed, transitionHistorySize);
            return from == reported.Status ? null : changed;
        }

        if (previous?.Status == reported.Status)
        {
            return null;
        }

        var transition = new StateTransition(_definition.Name, previous?.Status, reported.Status, reported.Description, raw.Duration, raw.CheckedAt, _definition.Critical);
        Enqueue(_transitions, transition, transitionHistorySize);
        return transition;
    }

    /// <summary>
    /// Starts the service afresh under <paramref name="changed"/> settings: its results and transitions stay, its
    /// threshold counters (about the old settings) go. Its reported status stays until the first check under the new
    /// settings, marked as from the previous ones: a ConfigMap update (even of a tag) must not turn readiness red on
    /// every replica, and the thresholds of that first check apply against the status from before the change, so one
    /// transient failure is not alerted.
    /// </summary>
    public void Reconfigure(ServiceDefinition changed)
    {
        _beforeChange = (Reported?.Status ?? (_beforeChange.Pending ? _beforeChange.Status : null), true);
        _definition = changed;
        if (Reported is { } reported && !reported.Description.StartsWith(PreviousSettings, StringComparison.Ordinal))
        {
            Reported = reported with { Description = $"{PreviousSettings}{reported.Description}" };
        }

        ConsecutiveFailures = 0;
        ConsecutiveSuccesses = 0;

        // Uptime is about the service as configured: another target (or threshold) is another measurement.
        _uptime = new UptimeRecorder();
    }

    public void Retire() => Retired = true;

    public ServiceDetails Details(DateTimeOffset now) =>
        new(_definition, Reported, ConsecutiveFailures, ConsecutiveSuccesses, _results.ToList(), _transitions.ToArray())
        {
            Uptime = _uptime.Read(now),
        };

    private static void Enqueue<T>(Queue<T> queue, T item, int capacity)
    {
        queue.Enqueue(item);
        while (queue.Count > capacity)
        {
            queue.Dequeue();
        }
    }
}
