namespace HealthGateway.Api.Backplane;

/// <summary>What the backplane did since this replica started, and what Redis said to its last PUBLISH; read by the health check.</summary>
internal sealed class BackplaneStatistics
{
    private long _published;
    private long _received;
    private long _localFallbacks;
    private long _unconfirmed;
    private long _rejected;
    private string? _publishRefusal;

    /// <summary>Said when this replica is not subscribed and events reach only its own connections: once per outage.</summary>
    public LogThrottle Outage { get; } = new();

    /// <summary>
    /// The error Redis answered this replica's last PUBLISH with (e.g. <c>NOPERM</c> from an ACL without
    /// <c>+publish</c>), while that was the last word on it: null once a PUBLISH succeeds.
    /// </summary>
    public string? PublishRefusal => Volatile.Read(ref _publishRefusal);

    public BackplaneCounters Counters => new(
        Interlocked.Read(ref _published), Interlocked.Read(ref _received), Interlocked.Read(ref _localFallbacks),
        Interlocked.Read(ref _unconfirmed), Interlocked.Read(ref _rejected));

    public void CountPublished() => Interlocked.Increment(ref _published);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountLocalFallback() => Interlocked.Increment(ref _localFallbacks);

    public void CountUnconfirmed() => Interlocked.Increment(ref _unconfirmed);

    /// <summary>Counts a message that was ignored; returns how many have been, for <see cref="LogThrottle.IsWorthLogging"/>.</summary>
    public long CountRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>Records Redis's refusal; true when it differs from the last one (worth a log line).</summary>
    public bool NotePublishRefused(string error) => Interlocked.Exchange(ref _publishRefusal, error) != error;

    /// <summary>Forgets the refusal; true when there was one (worth saying that PUBLISH works again).</summary>
    public bool NotePublishAccepted() =>
        Volatile.Read(ref _publishRefusal) is not null && Interlocked.Exchange(ref _publishRefusal, null) is not null;
}
