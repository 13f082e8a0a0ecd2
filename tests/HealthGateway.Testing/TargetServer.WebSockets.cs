using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HealthGateway.Testing;

// The WebSocket endpoints: echo, silence, close codes and the upgrade headers a check sent.
public sealed partial class TargetServer
{
    private void MapWebSocketEndpoints(WebApplication app)
    {
        app.Map("/ws/echo", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            Volatile.Write(ref _lastUpgradeHeaders, context.Request.Headers.ToDictionary(
                header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            var subProtocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault();
            using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await EchoAsync(socket, aborted.Token);
        });

        // A 302 to ?to= (a WebSocket elsewhere), and a 302 to itself: a redirect loop whose hits count the attempts.
        app.Map("/ws/redirect", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = context.Request.Query["to"].ToString();
            return Task.CompletedTask;
        });

        app.Map("/ws/loop", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "/ws/loop";
            return Task.CompletedTask;
        });

        app.Map("/ws/reject", context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });

        app.Map("/ws/drop", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            // Dropping the WebSocket without a close frame and returning ends the connection (FIN) once the 101
            // is out; context.Abort() here would reset it, and the reset can overtake the 101 so the client's
            // connect fails instead of its first receive.
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            socket.Dispose();
        });

        app.Map("/ws/silent", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, aborted.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
            }
        });
    }

    private static async Task EchoAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the client's close frame: the handshake completes and the client sees a clean close.
                    await socket.CloseAsync(
                        received.CloseStatus ?? WebSocketCloseStatus.NormalClosure, received.CloseStatusDescription, ct);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping: nothing to echo to.
        }
    }
}
