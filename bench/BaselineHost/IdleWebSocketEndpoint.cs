using System.Net.WebSockets;

namespace HealthGateway.Bench.Baseline;

/// <summary>
/// A WebSocket endpoint that does nothing but stay connected: zero-byte reads (pings are answered inside them),
/// a close handshake when the client closes. What Kestrel and the WebSocket middleware alone hold per connection.
/// </summary>
public static class IdleWebSocketEndpoint
{
    public static async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var scratch = new byte[256];
        try
        {
            while (true)
            {
                var next = await socket.ReceiveAsync(Memory<byte>.Empty, context.RequestAborted);
                if (next.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }

                if (!next.EndOfMessage)
                {
                    ValueWebSocketReceiveResult read;
                    do
                    {
                        read = await socket.ReceiveAsync(scratch.AsMemory(), context.RequestAborted);
                    }
                    while (!read.EndOfMessage);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }
}
