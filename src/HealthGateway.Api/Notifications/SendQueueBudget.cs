using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// Bounds the memory that events waiting to be sent may hold: per connection
/// (<see cref="NotificationOptions.MaxQueuedBytesPerConnection"/>) and across all connections
/// (<see cref="NotificationOptions.MaxQueuedBytesTotal"/>). A connection that would go over its own bound is
/// closed with 1008; when the total would be exceeded, the connection furthest behind (most bytes queued) is
/// closed with 1008 to make room, so clients that keep up are never the ones dropped.
/// </summary>
/// <remarks>
/// A queued event is counted at its serialized size on every connection that holds it, from the moment it is
/// queued until its send completes or its connection drops it. Connections of one user share one serialized
/// copy, so the count is an upper bound of what is truly retained, never less.
/// </remarks>
public sealed class SendQueueBudget
{
    private readonly ConcurrentDictionary<long, WebSocketConnection> _connections = new();
    private readonly ILogger<WebSocketNotificationManager> _logger;
    private readonly int _queueCapacity;
    private long _queuedBytes;
    private long _peakQueuedBytes;
    private long _dropped;

    public SendQueueBudget(IOptions<NotificationOptions> options, ILogger<WebSocketNotificationManager> logger)
    {
        _logger = logger;
        MaxPerConnection = options.Value.MaxQueuedBytesPerConnection;
        MaxTotal = options.Value.MaxQueuedBytesTotal;
        _queueCapacity = options.Value.SendQueueCapacity;
    }

    /// <summary><see cref="NotificationOptions.MaxQueuedBytesPerConnection"/>.</summary>
    public long MaxPerConnection { get; }

    /// <summary><see cref="NotificationOptions.MaxQueuedBytesTotal"/>.</summary>
    public long MaxTotal { get; }

    /// <summary>Bytes of serialized events queued or being sent, over all connections.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>The highest <see cref="QueuedBytes"/> since start: never above <see cref="MaxTotal"/>.</summary>
    public long PeakQueuedBytes => Volatile.Read(ref _peakQueuedBytes);

    /// <summary>Connections closed with 1008 because they did not read (event count or byte bounds).</summary>
    public long DroppedConnections => Volatile.Read(ref _dropped);

    /// <summary>
    /// Queues <paramref name="payload"/> on <paramref name="connection"/>, closing it (or, when the total bound is
    /// hit, the connection furthest behind) instead when a bound does not allow it. True when queued.
    /// </summary>
    internal bool TryEnqueue(WebSocketConnection connection, ReadOnlyMemory<byte> payload)
    {
        // Each round drops one connection that is not ending; the loop ends when there is none left to drop.
        while (true)
        {
            switch (connection.TryEnqueue(payload))
            {
                case SendQueueResult.Queued:
                    return true;
                case SendQueueResult.Ending:
                    return false;
                case SendQueueResult.QueueFull:
                    if (Drop(connection, "send queue full: client is not reading"))
                    {
                        _logger.LogWarning(
                            "Dropping WebSocket connection {ConnectionId} of user {User}: {QueueCapacity} events queued and the client is not reading",
                            connection.Id, connection.User, _queueCapacity);
                    }

                    return false;
                case SendQueueResult.ConnectionBytesExceeded:
                    var held = connection.QueuedBytes;
                    if (Drop(connection, "send buffer full: client is not reading"))
                    {
                        _logger.LogWarning(
                            "Dropping WebSocket connection {ConnectionId} of user {User}: {QueuedBytes} bytes queued, {EventBytes} more would exceed {Limit}, and the client is not reading",
                            connection.Id, connection.User, held, payload.Length, MaxPerConnection);
                    }

                    return false;
                default:
                    var victim = FurthestBehind() ?? connection;
                    var (total, behind) = (QueuedBytes, victim.QueuedBytes);
                    if (Drop(victim, "server send buffers full: client is the furthest behind"))
                    {
                        _logger.LogWarning(
                            "Dropping WebSocket connection {ConnectionId} of user {User}: all connections together hold {TotalBytes} bytes of events (limit {Limit}) and this one is the furthest behind ({QueuedBytes} bytes)",
                            victim.Id, victim.User, total, MaxTotal, behind);
                    }

                    if (victim == connection)
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    internal void Track(WebSocketConnection connection) => _connections[connection.Id] = connection;

    internal void Untrack(WebSocketConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>Counts <paramref name="bytes"/> in the total unless that would exceed <see cref="MaxTotal"/>.</summary>
    internal bool TryReserve(int bytes)
    {
        var current = Volatile.Read(ref _queuedBytes);
        while (true)
        {
            var next = current + bytes;
            if (next > MaxTotal)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _queuedBytes, next, current);
            if (seen == current)
            {
                UpdatePeak(next);
                return true;
            }

            current = seen;
        }
    }

    internal void Release(int bytes) => Interlocked.Add(ref _queuedBytes, -bytes);

    private void UpdatePeak(long value)
    {
        var peak = Volatile.Read(ref _peakQueuedBytes);
        while (value > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakQueuedBytes, value, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    /// <summary>
    /// The open connection with the most bytes queued. Ending ones are skipped: they already dropped their queue
    /// and hold at most the one message their writer is sending, which closing again would not free.
    /// </summary>
    private WebSocketConnection? FurthestBehind()
    {
        WebSocketConnection? furthest = null;
        long most = 0;
        foreach (var candidate in _connections.Values)
        {
            var bytes = candidate.QueuedBytes;
            if (bytes > most && !candidate.IsEnding)
            {
                furthest = candidate;
                most = bytes;
            }
        }

        return furthest;
    }

    private bool Drop(WebSocketConnection connection, string closeReason)
    {
        if (!connection.RequestClose(WebSocketCloseStatus.PolicyViolation, closeReason))
        {
            return false;
        }

        Interlocked.Increment(ref _dropped);
        return true;
    }
}
