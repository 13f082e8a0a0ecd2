using System.Collections.Concurrent;
using HealthGateway.Api.AgentEvents;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Who delivers an event this replica published: its own copy coming back on the subscription, or the publisher
/// itself when PUBLISH failed. Both may happen to one event (Redis hands a message to its subscribers before it
/// answers PUBLISH, and the connection can die in between), so each side claims the event by removing it from the
/// pending set, which only one of them can do; the other then stands back.
/// </summary>
/// <remarks>
/// An event the publisher delivered itself is remembered, so that its copy, if PUBLISH had gone out after all, is
/// skipped when it comes. A copy that has not come within <see cref="RememberFor"/> never will; a timer forgets
/// such events, so the set stays small however often PUBLISH fails.
/// </remarks>
internal sealed class OwnEventClaims : IDisposable
{
    /// <summary>How long an event delivered by the publisher is remembered for its copy.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);

    /// <summary>How often remembered events older than <see cref="RememberFor"/> are forgotten.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, TaskCompletionSource<DeliveryResult>> _pending = new();
    private readonly ConcurrentDictionary<long, long> _deliveredDirectly = new();
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _pruneTimer;

    public OwnEventClaims(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _pruneTimer = timeProvider.CreateTimer(static state => ((OwnEventClaims)state!).Prune(), this, PruneEvery, PruneEvery);
    }

    /// <summary>Events published and waiting for their copy.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Events the publisher delivered itself whose copy has neither come nor been forgotten.</summary>
    public int DeliveredDirectlyCount => _deliveredDirectly.Count;

    /// <summary>
    /// Registers <paramref name="id"/> before it is published; the task completes with this replica's delivery of
    /// its copy, when the copy claims it.
    /// </summary>
    public Task<DeliveryResult> Expect(long id)
    {
        var echo = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = echo;
        return echo.Task;
    }

    /// <summary>
    /// The copy of this replica's own event <paramref name="id"/> came back: whether to deliver it, and the
    /// publisher waiting for it (null when none is: the publisher gave up waiting, and the copy is delivered late).
    /// False when the publisher delivered the event itself.
    /// </summary>
    public bool ClaimForCopy(long id, out TaskCompletionSource<DeliveryResult>? waiter)
    {
        if (_pending.TryRemove(id, out waiter))
        {
            return true;
        }

        waiter = null;
        return !_deliveredDirectly.TryRemove(id, out _);
    }

    /// <summary>
    /// PUBLISH of <paramref name="id"/> failed in a way that may still have published it. True: the publisher
    /// delivers it, and its copy is skipped if it comes. False: the copy came first and was delivered; the task
    /// from <see cref="Expect"/> has (or is about to have) that delivery.
    /// </summary>
    public bool ClaimForDirectDelivery(long id)
    {
        // Remembered before the claim: a copy that loses the claim must find it.
        _deliveredDirectly[id] = _timeProvider.GetTimestamp();
        if (_pending.TryRemove(id, out _))
        {
            return true;
        }

        _deliveredDirectly.TryRemove(id, out _);
        return false;
    }

    /// <summary>
    /// PUBLISH of <paramref name="id"/> certainly did not publish it (Redis refused it): true when the publisher
    /// delivers it, with nothing to remember; false when a copy claimed it after all.
    /// </summary>
    public bool ClaimUnpublished(long id) => _pending.TryRemove(id, out _);

    /// <summary>The publisher stops waiting for <paramref name="id"/>: a copy that comes later is delivered late.</summary>
    public void Forget(long id) => _pending.TryRemove(id, out _);

    /// <summary>Cancels every waiting publisher (the host is stopping).</summary>
    public void CancelAll()
    {
        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetCanceled(CancellationToken.None);
        }
    }

    public void Dispose() => _pruneTimer.Dispose();

    private void Prune()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var (id, rememberedAt) in _deliveredDirectly)
        {
            if (_timeProvider.GetElapsedTime(rememberedAt, now) >= RememberFor)
            {
                _deliveredDirectly.TryRemove(id, out _);
            }
        }
    }
}
