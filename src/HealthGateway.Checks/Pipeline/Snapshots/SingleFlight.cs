namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>At most one run at a time; callers that arrive during a run share it. Once stopped it runs nothing more.</summary>
internal sealed class SingleFlight(Func<CancellationToken, Task> run)
{
    private readonly Lock _gate = new();
    private Task? _inFlight;
    private bool _stopped;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return Task.CompletedTask;
            }

            if (_inFlight is { IsCompleted: false } running)
            {
                return running;
            }

            _inFlight = run(cancellationToken);
            return _inFlight;
        }
    }

    /// <summary>Refuses every later run; returns the run in flight, if any, so its caller can wait for it.</summary>
    public Task Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            return _inFlight ?? Task.CompletedTask;
        }
    }
}
