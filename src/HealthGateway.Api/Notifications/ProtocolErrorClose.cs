using System.Buffers;
using System.Net.WebSockets;

namespace HealthGateway.Api.Notifications;

/// <summary>
/// The end of a connection after a protocol error the socket already answered with its own close frame (1007 on
/// invalid UTF-8): wait for the client's answering close before the request ends, because tearing the connection
/// down at once could overtake that frame on its way out, and the client would see a reset instead of the code.
/// </summary>
internal static class ProtocolErrorClose
{
    /// <summary>Reads and discards until the client's close frame arrives, the client goes away, or <paramref name="token"/> fires.</summary>
    public static async Task AwaitClientCloseAsync(WebSocket socket, CancellationToken token)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(scratch.AsMemory(), token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The client went away without answering, or the close timeout passed: the teardown that follows is all
            // that is left to do.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
