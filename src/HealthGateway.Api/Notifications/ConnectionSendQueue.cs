using System.Threading.Channels;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// One connection's queue of serialized events, bounded in count (<see cref="NotificationOptions.SendQueueCapacity"/>)
/// and in bytes (the connection's own bound and the shared <see cref="SendQueueBudget"/>). An event's bytes count
/// from the moment it is queued until its send ends or the queue is dropped.
/// </summary>
internal sealed class ConnectionSendQueue
{
    private readonly Channel<ReadOnlyMemory<byte>> _channel;
    private readonly SendQueueBudget _budget;
    private long _queuedBytes;
    private volatile bool _closed;

    public ConnectionSendQueue(int capacity, SendQueueBudget budget)
    {
        _budget = budget;
        _channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            // The writer reads, and whoever ends the connection drains what is left, so that its bytes are freed
            // at once rather than when the writer's blocked send finally gives up.
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Bytes of events queued, the one being sent included.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Queues <paramref name="message"/> without waiting if every bound allows it; says why not otherwise.</summary>
    public SendQueueResult TryEnqueue(ReadOnlyMemory<byte> message)
    {
        if (_closed)
        {
            return SendQueueResult.Ending;
        }

        // One notify at a time queues on a connection (under its user's gate): the check cannot be raced past.
        if (QueuedBytes + message.Length > _budget.MaxPerConnection)
        {
            return SendQueueResult.ConnectionBytesExceeded;
        }

        if (!_budget.TryReserve(message.Length))
        {
            return SendQueueResult.TotalBytesExceeded;
        }

        Interlocked.Add(ref _queuedBytes, message.Length);
        if (_channel.Writer.TryWrite(message))
        {
            return SendQueueResult.Queued;
        }

        Release(message.Length);
        return _closed ? SendQueueResult.Ending : SendQueueResult.QueueFull;
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the next event to send; the caller reports <see cref="Sent"/> when its send ended, however.</summary>
    public bool TryTake(out ReadOnlyMemory<byte> message) => _channel.Reader.TryRead(out message);

    /// <summary>The send of a taken event ended (sent, failed or cancelled): its bytes are free.</summary>
    public void Sent(ReadOnlyMemory<byte> message) => Release(message.Length);

    /// <summary>Takes no more events and frees those still queued; an event being sent is freed by <see cref="Sent"/>.</summary>
    public void Close()
    {
        _closed = true;
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var message))
        {
            Release(message.Length);
        }
    }

    private void Release(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        _budget.Release(bytes);
    }
}
