using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Snapshots;

/// <summary>
/// One service's memory: bounded raw history, bounded transitions, and the flap control that turns raw results
/// into reported ones. Not thread-safe: the store serialises access.
/// </summary>
internal sealed class ServiceHistory(ServiceDefinition definition, int historySize, int transitionHistorySize)
{
    private readonly Queue<ServiceCheckResult> _results = new();
    private readonly Queue<StateTransition> _transitions = new();

    public ServiceDefinition Definition => definition;

    public ServiceCheckResult? Reported { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    /// <summary>Records a raw result; returns the transition it caused, if any.</summary>
    public StateTransition? Record(ServiceCheckResult raw)
    {
        Enqueue(_results, raw, historySize);
        var previous = Reported;
        ServiceCheckResult reported;
        if (raw.Status == HealthStatus.Unhealthy)
        {
            ConsecutiveFailures++;
            ConsecutiveSuccesses = 0;
            reported = previous is null || previous.Status == HealthStatus.Unhealthy || ConsecutiveFailures >= definition.FailureThreshold
                ? raw
                : raw with
                {
                    // Below the threshold the last reported status stands; the description says what is brewing.
                    Status = previous.Status,
                    Description = $"{ConsecutiveFailures} of {definition.FailureThreshold} failures before Unhealthy: {raw.Description}",
                };
        }
        else
        {
            ConsecutiveSuccesses++;
            ConsecutiveFailures = 0;
            reported = previous?.Status == HealthStatus.Unhealthy && ConsecutiveSuccesses < definition.SuccessThreshold
                ? raw with
                {
                    Status = HealthStatus.Unhealthy,
                    Description = $"recovering, {ConsecutiveSuccesses} of {definition.SuccessThreshold} successes: {raw.Description}",
                }
                : raw;
        }

        Reported = reported;
        if (previous?.Status == reported.Status)
        {
            return null;
        }

        var transition = new StateTransition(definition.Name, previous?.Status, reported.Status, reported.Description, raw.Duration, raw.CheckedAt, definition.Critical);
        Enqueue(_transitions, transition, transitionHistorySize);
        return transition;
    }

    public ServiceDetails Details() =>
        new(definition, Reported, ConsecutiveFailures, ConsecutiveSuccesses, _results.ToArray(), _transitions.ToArray());

    private static void Enqueue<T>(Queue<T> queue, T item, int capacity)
    {
        queue.Enqueue(item);
        while (queue.Count > capacity)
        {
            queue.Dequeue();
        }
    }
}
