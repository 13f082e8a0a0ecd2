namespace HealthGateway.Api.Notifications;

/// <summary>One user's connections and the sequence counters of that user's runs.</summary>
internal sealed class UserConnections
{
    private const int MaxOpenRuns = 256;
    private readonly Dictionary<string, long> _runSequences = new(StringComparer.Ordinal);

    /// <summary>Serializes notifies of this user (sequence numbers and queue order).</summary>
    public Lock Gate { get; } = new();

    /// <summary>Replaced, never mutated, under the registration gate; notifies read a stable snapshot.</summary>
    public volatile WebSocketConnection[] Connections = [];

    /// <summary>Next sequence number of a run; called under <see cref="Gate"/>.</summary>
    public long NextSequence(string runId, bool runEnds)
    {
        if (!_runSequences.TryGetValue(runId, out var last) && !runEnds && _runSequences.Count >= MaxOpenRuns)
        {
            // Runs that never send agent_completed would otherwise pile up for as long as the user stays
            // connected; forgetting one only restarts that run's numbering.
            _runSequences.Remove(_runSequences.Keys.First());
        }

        if (runEnds)
        {
            _runSequences.Remove(runId);
        }
        else
        {
            _runSequences[runId] = last + 1;
        }

        return last + 1;
    }
}
