namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// How many callers wait on one service right now. The first one wakes the service's schedule, which then
/// checks at the short wait interval until the last one leaves.
/// </summary>
internal sealed class PollUrgency
{
    private readonly Lock _gate = new();
    private int _waiters;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True while at least one caller waits.</summary>
    public bool IsUrgent => Volatile.Read(ref _waiters) > 0;

    /// <summary>Completes when the first caller arrives.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    private void Enter()
    {
        lock (_gate)
        {
            if (_waiters++ == 0)
            {
                var changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
            }
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            _waiters--;
        }
    }

    /// <summary>One caller's interest in some services, released once on dispose.</summary>
    internal sealed class Hold : IDisposable
    {
        private IReadOnlyList<PollUrgency>? _services;

        public Hold(IReadOnlyList<PollUrgency> services)
        {
            _services = services;
            foreach (var service in services)
            {
                service.Enter();
            }
        }

        public void Dispose()
        {
            foreach (var service in Interlocked.Exchange(ref _services, null) ?? [])
            {
                service.Leave();
            }
        }
    }
}
