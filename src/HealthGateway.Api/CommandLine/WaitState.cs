using HealthGateway.Api.Health;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// What one remote wait has seen so far (the last report, the last problem, the last progress line printed) and
/// its clock: how much of the timeout is left, and how long to pause before the next try.
/// </summary>
internal sealed class WaitState(TimeSpan timeout, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private TimeSpan _backoff = RemoteReadinessWaiter.FirstBackoff;

    public ReadinessResponse? LastReport { get; set; }

    public string? LastProblem { get; set; }

    public string LastProgress { get; set; } = "";

    public TimeSpan Remaining => timeout - time.GetElapsedTime(_started);

    /// <summary>A 503 normally comes at the end of the long poll; one that comes early is tried again soon.</summary>
    public void ResetBackoff() => _backoff = RemoteReadinessWaiter.FirstBackoff;

    /// <summary>The pause before the next try, never past the timeout; each pause doubles the next, up to the longest.</summary>
    public TimeSpan NextPause()
    {
        var pause = Min(_backoff, Remaining);
        _backoff = Min(_backoff * 2, RemoteReadinessWaiter.LongestBackoff);
        return pause > TimeSpan.Zero ? pause : TimeSpan.Zero;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
