using System.Collections.Concurrent;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

internal sealed class RecordingTransitionSink : IStateTransitionSink
{
    private readonly ConcurrentQueue<StateTransition> _transitions = new();

    public IReadOnlyList<StateTransition> Transitions => _transitions.ToArray();

    /// <summary>Called on each transition, after it is recorded here; for tests that watch the order of the sinks.</summary>
    public Action? Heard { get; set; }

    public void OnTransition(StateTransition transition)
    {
        _transitions.Enqueue(transition);
        Heard?.Invoke();
    }
}
