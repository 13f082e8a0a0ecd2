namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Hears about every state transition, once. Called on the poller's path: an implementation must return at
/// once (queue slow work such as webhooks) and must not throw.
/// </summary>
public interface IStateTransitionSink
{
    /// <summary>A service changed status.</summary>
    void OnTransition(StateTransition transition);
}
