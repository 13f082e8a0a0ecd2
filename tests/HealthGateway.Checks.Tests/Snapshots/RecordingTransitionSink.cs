using System.Collections.Concurrent;
using HealthGateway.Checks.Snapshots;

namespace HealthGateway.Checks.Tests.Snapshots;

internal sealed class RecordingTransitionSink : IStateTransitionSink
{
    private readonly ConcurrentQueue<StateTransition> _transitions = new();

    public IReadOnlyList<StateTransition> Transitions => _transitions.ToArray();

    public void OnTransition(StateTransition transition) => _transitions.Enqueue(transition);
}
