using System.Buffers;
using System.Net.WebSockets;
using System.Text.Unicode;
using System.Threading.Channels;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// One client socket: a bounded queue of serialized events drained by a single writer loop (a WebSocket allows
/// one send at a time, so data and close frames all go through that writer), and a receive loop that enforces the
/// inbound limits and notices the client leaving.
/// </summary>
internal sealed class WebSocketConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly int _maxInboundMessageBytes;
    private readonly TimeSpan _closeTimeout;

    // Every socket operation observes this token. It is cancelled CloseTimeout after a close is requested (or at
    // once when the connection is lost), and cancelling a pending WebSocket operation aborts the socket: that is
    // what bounds a close handshake with a client that stopped reading or answering.
    private readonly CancellationTokenSource _abort;
    private readonly Lock _closeGate = new();
    private (WebSocketCloseStatus Status, string Reason)? _closeRequest;

    public WebSocketConnection(long id, string user, WebSocket socket, NotificationOptions options, TimeProvider timeProvider)
    {
        Id = id;
        User = user;
        _socket = socket;
        _maxInboundMessageBytes = options.MaxInboundMessageBytes;
        _closeTimeout = options.CloseTimeout;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
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

    /// <summary>Queues one serialized event without waiting; false when the queue is full or the connection is closing.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> message) => _queue.Writer.TryWrite(message);

    /// <summary>
    /// Asks the writer to stop sending events and send a close frame. Events still queued are dropped. Returns
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

        _queue.Writer.TryComplete();
        try
        {
            _abort.CancelAfter(_closeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already finished.
        }

        return true;
    }

    /// <summary>Runs the writer and the receive loop until the socket is closed or lost.</summary>
    public async Task RunAsync(CancellationToken connectionAborted)
    {
        using var aborted = connectionAborted.UnsafeRegister(static state => ((WebSocketConnection)state!).Abort(), this);
        var writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        var closeFrameReceived = false;
        try
        {
            closeFrameReceived = await ReceiveLoopAsync();
        }
        finally
        {
            if (!closeFrameReceived)
            {
                // The receive side ended without a close frame: the client is gone (or timed out), nothing more can
                // be delivered, so the writer must not wait for it.
                Abort();
            }

            await writer;
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        _socket.Dispose();
    }

    private void Abort()
    {
        _queue.Writer.TryComplete();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }

        _socket.Abort();
    }

    private async Task WriteLoopAsync()
    {
        var token = _abort.Token;
        var reader = _queue.Reader;
        try
        {
            while (CloseRequest is null && await reader.WaitToReadAsync(token))
            {
                while (CloseRequest is null && reader.TryRead(out var message))
                {
                    await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token);
                }
            }

            if (CloseRequest is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // Aborted or lost; the receive loop sees the same and the manager cleans up.
            _socket.Abort();
        }
    }

    /// <summary>Returns true when the loop ended on the client's close frame, false when the socket was lost.</summary>
    private async Task<bool> ReceiveLoopAsync()
    {
        var token = _abort.Token;
        // One extra byte so that a message one byte over the limit is seen as over the limit.
        var buffer = ArrayPool<byte>.Shared.Rent(_maxInboundMessageBytes + 1);
        try
        {
            var messageLength = 0;
            while (true)
            {
                var draining = CloseRequest is not null;
                var target = draining ? buffer.AsMemory() : buffer.AsMemory(messageLength, _maxInboundMessageBytes + 1 - messageLength);
                var result = await _socket.ReceiveAsync(target, token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Echo the client's code when it closed first; when we closed first this completes our handshake.
                    RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty);
                    return true;
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
                    // The client has nothing to ask for; text it sends is checked and ignored.
                    if (!Utf8.IsValid(buffer.AsSpan(0, messageLength)))
                    {
                        RequestClose(WebSocketCloseStatus.InvalidPayloadData, "text messages must be valid UTF-8");
                    }

                    messageLength = 0;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // Lost, aborted, or a protocol error the socket already answered with its own close code.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
