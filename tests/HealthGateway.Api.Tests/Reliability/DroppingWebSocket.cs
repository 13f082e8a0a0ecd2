using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// The server side of one /ws connection, which lets <paramref name="messagesBeforeDrop"/> text messages through
/// and then ends the connection instead of sending the next one. Everything else goes to the real socket.
/// </summary>
public sealed class DroppingWebSocket(WebSocket inner, HttpContext context, int messagesBeforeDrop, MidSequenceDrop drop) : WebSocket
{
    public const string CloseReason = "dropped mid-run by the test";

    private int _sent;

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (messageType != WebSocketMessageType.Text || Interlocked.Increment(ref _sent) <= messagesBeforeDrop)
        {
            await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
            return;
        }

        if (drop == MidSequenceDrop.AbortConnection)
        {
            context.Abort();
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }

        if (_sent == messagesBeforeDrop + 1)
        {
            await inner.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, CloseReason, cancellationToken);
        }
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        State is WebSocketState.CloseSent or WebSocketState.Closed ? Task.CompletedTask : inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => inner.Abort();

    public override void Dispose() => inner.Dispose();
}
