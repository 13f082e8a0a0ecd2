using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HealthGateway.Api.Tests.Diagnostics;

/// <summary>Completes the upgrade (the client sees 101) but hands the socket to the manager only after a delay.</summary>
public sealed class SlowRegistrationWebSocketFeature(IHttpWebSocketFeature inner, TimeSpan delay) : IHttpWebSocketFeature
{
    public bool IsWebSocketRequest => inner.IsWebSocketRequest;

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        var socket = await inner.AcceptAsync(context);
        await Task.Delay(delay);
        return socket;
    }
}
