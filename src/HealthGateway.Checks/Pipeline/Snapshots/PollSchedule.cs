namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// One service's schedule: its single flight, its urgency, and the loop that ends when it is stopped. Once
/// <see cref="End"/> was called it starts nothing, neither its loop (a reload may land before the poller
/// started the schedules) nor a check.
/// </summary>
internal sealed class PollSchedule
{
    private readonly Lock _gate = new();
    private readonly CancellationToken _stopToken;
    private bool _ended;

    public PollSchedule(string service, CancellationToken stopping, SingleFlight run)
    {
        Service = service;
        Run = run;

        // Cancelled by End (a reload) and by the poller stopping; taken once, so a refresh that raced the
        // disposal below still reads a token, and the stopped single flight runs nothing on it.
        Stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _stopToken = Stop.Token;
    }

    /// <summary>The service's name.</summary>
    public string Service { get; }

    public SingleFlight Run { get; }

    public PollUrgency Urgency { get; } = new();

    public CancellationTokenSource Stop { get; }

    /// <summary>How long after the poller starts the first check is due (zero: at once); see <see cref="CheckAdmission.StartOffset"/>.</summary>
    public TimeSpan StartOffset { get; init; }

    public Task? Loop { get; private set; }

    /// <summary>Starts the loop; with no <see cref="StartOffset"/> its first check starts before this returns.</summary>
    public void Start(Func<PollSchedule, CancellationToken, Task> poll, CancellationToken polling)
    {
        lock (_gate)
        {
            if (!_ended)
            {
                Loop = RunAsync(poll, CancellationTokenSource.CreateLinkedTokenSource(polling, Stop.Token));
            }
        }
    }

    /// <summary>An on-demand check, sharing one in flight; cancelled when the schedule ends or the poller stops.</summary>
    public Task RefreshAsync() => Run.RunAsync(_stopToken);

    /// <summary>Stops the schedule; completes once its loop and its check in flight have ended.</summary>
    public async Task End()
    {
        Task? loop;
        lock (_gate)
        {
            _ended = true;
            loop = Loop;
        }

        var inFlight = Run.Stop();
        await Stop.CancelAsync();
        try
        {
            await Task.WhenAll(loop ?? Task.CompletedTask, inFlight);
        }
        catch (Exception)
        {
            // A check that failed or was cancelled has ended all the same; the loop logs its own failures.
        }
        finally
        {
            Stop.Dispose();
        }
    }

    private async Task RunAsync(Func<PollSchedule, CancellationToken, Task> poll, CancellationTokenSource linked)
    {
        using (linked)
        {
            await poll(this, linked.Token);
        }
    }
}
