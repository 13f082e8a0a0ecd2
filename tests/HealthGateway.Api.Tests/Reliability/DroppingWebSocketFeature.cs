using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>Hands the manager a <see cref="DroppingWebSocket"/> instead of the socket Kestrel accepted.</summary>
public sealed class DroppingWebSocketFeature(IHttpWebSocketFeature inner, HttpContext context, int messagesBeforeDrop, MidSequenceDrop drop) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => inner.IsWebSocketRequest;

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext acceptContext) =>
        new DroppingWebSocket(await inner.AcceptAsync(acceptContext), context, messagesBeforeDrop, drop);
}
