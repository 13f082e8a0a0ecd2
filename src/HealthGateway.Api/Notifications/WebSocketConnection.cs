using System.Buffers;
using System.Net.WebSockets;
using System.Text.Unicode;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// One client socket: a bounded queue of serialized events drained by a single writer loop (a WebSocket allows
/// one send at a time, so data and close frames all go through that writer), and a receive loop that enforces the
/// inbound limits and notices the client leaving.
/// </summary>
/// <remarks>
/// Ending a connection is graceful by default (stop sending, let the close frame flush, return from the request)
/// and hard only when that cannot finish: every socket call observes <see cref="_abort"/>, which fires
/// CloseTimeout after the end began, and firing it aborts the HTTP connection. Aborting earlier would let Kestrel
/// discard a close frame still in its output buffer (e.g. the 1007 the socket sends itself on invalid UTF-8).
/// </remarks>
internal sealed class WebSocketConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly ConnectionSendQueue _queue;
    private readonly SendQueueBudget _budget;
    private readonly int _maxInboundMessageBytes;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _abort;
    private readonly Lock _closeGate = new();
    private (WebSocketCloseStatus Status, string Reason)? _closeRequest;
    private volatile bool _stopSending;

    public WebSocketConnection(long id, string user, WebSocket socket, NotificationOptions options, SendQueueBudget budget, TimeProvider timeProvider)
    {
        Id = id;
        User = user;
        _socket = socket;
        _maxInboundMessageBytes = options.MaxInboundMessageBytes;
        _closeTimeout = options.CloseTimeout;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _queue = new ConnectionSendQueue(options.SendQueueCapacity, budget);
        _budget = budget;
        budget.Track(this);
    }

    public long Id { get; }

    public string User { get; }

    /// <summary>The close this side asked for, if any (the first request wins).</summary>
    public (WebSocketCloseStatus Status, string Reason)? CloseRequest
    {
        get
        {
            lock (_closeGate)
            {
                return _closeRequest;
            }
        }
    }

    /// <summary>True once the connection stopped taking events (closing, closed or lost).</summary>
    public bool IsEnding => _stopSending;

    /// <summary>Why the receive side ended without a close handshake, for the log; null otherwise.</summary>
    public string? LostReason { get; private set; }

    /// <summary>Bytes of events queued on this connection, the one being sent included.</summary>
    public long QueuedBytes => _queue.QueuedBytes;

    /// <summary>
    /// Queues one serialized event without waiting, within the count and byte bounds, or says why not.
    /// <see cref="SendQueueBudget.TryEnqueue"/> calls it and decides whom to drop.
    /// </summary>
    public SendQueueResult TryEnqueue(ReadOnlyMemory<byte> message) =>
        _stopSending ? SendQueueResult.Ending : _queue.TryEnqueue(message);

    /// <summary>
    /// Asks the writer to stop sending events (those still queued are dropped) and send a close frame. Returns
    /// false when a close was already requested.
    /// </summary>
    public bool RequestClose(WebSocketCloseStatus status, string reason)
    {
        lock (_closeGate)
        {
            if (_closeRequest is not null)
            {
                return false;
            }

            _closeRequest = (status, reason);
        }

        StopSending();
        return true;
    }

    /// <summary>Runs the writer and the receive loop until the socket is closed or lost.</summary>
    public async Task RunAsync(CancellationToken connectionAborted)
    {
        using var hardAbort = _abort.Token.UnsafeRegister(static state => ((WebSocket)state!).Abort(), _socket);
        using var lost = connectionAborted.UnsafeRegister(static state => ((WebSocketConnection)state!).AbortNow(), this);
        var writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        try
        {
            await ReceiveLoopAsync();
        }
        finally
        {
            // Whether the client closed, vanished, or broke the protocol: nothing more is sent but a close frame.
            StopSending();
            await writer;
        }
    }

    public void Dispose()
    {
        _queue.Close();
        _budget.Untrack(this);
        _abort.Dispose();
        _socket.Dispose();
    }

    private void StopSending()
    {
        _stopSending = true;
        _queue.Close();
        try
        {
            _abort.CancelAfter(_closeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already finished.
        }
    }

    private void AbortNow()
    {
        _stopSending = true;
        _queue.Close();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already finished.
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _abort.Token;
        try
        {
            while (!_stopSending && await _queue.WaitToReadAsync(token))
            {
                while (!_stopSending && _queue.TryTake(out var message))
                {
                    try
                    {
                        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token);
                    }
                    finally
                    {
                        _queue.Sent(message);
                    }
                }
            }

            if (CloseRequest is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // Timed out (already hard-aborted) or the connection broke, which the receive loop sees as well.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var token = _abort.Token;

        // Rented only while a message is being read. Between messages the loop waits with a zero-byte read (pings
        // are answered inside it), so an idle connection holds no receive buffer: 8 KiB from the pool per socket
        // was the largest single cost of many idle connections.
        byte[]? buffer = null;
        try
        {
            var messageLength = 0;
            while (true)
            {
                var draining = CloseRequest is not null;
                if (buffer is null)
                {
                    var next = await _socket.ReceiveAsync(Memory<byte>.Empty, token);
                    if (next.MessageType == WebSocketMessageType.Close)
                    {
                        RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty);
                        return;
                    }

                    if (next.EndOfMessage)
                    {
                        // An empty message: nothing to read, but an empty binary one still breaks the rule.
                        if (!draining && next.MessageType == WebSocketMessageType.Binary)
                        {
                            RequestClose(WebSocketCloseStatus.InvalidMessageType, "binary messages are not accepted");
                        }

                        continue;
                    }

                    // One extra byte so that a message one byte over the limit is seen as over the limit.
                    buffer = ArrayPool<byte>.Shared.Rent(_maxInboundMessageBytes + 1);
                }

                var target = draining ? buffer.AsMemory() : buffer.AsMemory(messageLength, _maxInboundMessageBytes + 1 - messageLength);
                var result = await _socket.ReceiveAsync(target, token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Echo the client's code when it closed first; when we closed first this completes the handshake.
                    RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty);
                    return;
                }

                if (draining)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    RequestClose(WebSocketCloseStatus.InvalidMessageType, "binary messages are not accepted");
                    continue;
                }

                messageLength += result.Count;
                if (messageLength > _maxInboundMessageBytes)
                {
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {_maxInboundMessageBytes} bytes");
                    continue;
                }

                if (result.EndOfMessage)
                {
                    // The client has nothing to ask for: text it sends is checked and ignored. (The socket itself
                    // already rejects invalid UTF-8 with 1007; this keeps the rule explicit.)
                    if (!Utf8.IsValid(buffer.AsSpan(0, messageLength)))
                    {
                        RequestClose(WebSocketCloseStatus.InvalidPayloadData, "text messages must be valid UTF-8");
                    }

                    messageLength = 0;
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (WebSocketException ex) when (_socket.State == WebSocketState.CloseSent)
        {
            // A protocol error the socket already answered with its own close frame (1007 on invalid UTF-8): the
            // client's answering close is awaited, bounded by CloseTimeout, which StopSending arms.
            LostReason = ex.GetBaseException().Message;
            StopSending();
            await ProtocolErrorClose.AwaitClientCloseAsync(_socket, token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // Lost, timed out, or the connection broke.
            LostReason = ex.GetBaseException().Message;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
