using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Security;
using Serilog.Context;

namespace HealthGateway.Api.Notifications;

public static class NotificationEndpoints
{
    /// <summary>
    /// Maps <c>GET /ws?user=&lt;id&gt;</c>, the WebSocket endpoint of the notification manager. With a bearer token
    /// the user is the token's and <c>?user=</c> may be left out (see <see cref="WebSocketAccess"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws", ConnectAsync)
            .WithName("NotificationsWebSocket");
        return app;
    }

    internal static async Task<IResult> ConnectAsync(HttpContext context, string? user, WebSocketNotificationManager manager, WebSocketAccess access)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket upgrade required",
                detail: "Connect with a WebSocket client: ws://<host>/ws?user=<id>.");
        }

        // Who may connect, and as whom: a token decides the user itself (and refuses a ?user= naming someone else).
        var admission = await access.AdmitAsync(context, user);
        if (admission.Refusal is { } refusal)
        {
            return refusal;
        }

        user = admission.User ?? user;
        if (NotificationUserId.Validate(user) is { } error)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user", detail: error);
        }

        if (!manager.IsAcceptingConnections)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Server shutting down");
        }

        // The manager's "opened" and "ended" lines say who let the socket in: the key's name, token or loopback.
        using (LogContext.PushProperty("Caller", GatewayAccess.CallerName(context)))
        {
            await manager.AcceptAsync(context, user!, admission.ExpiresAt);
        }
        return Results.Empty;
    }
}
