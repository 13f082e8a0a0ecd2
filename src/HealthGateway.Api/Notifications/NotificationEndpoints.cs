using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Security;

namespace HealthGateway.Api.Notifications;

public static class NotificationEndpoints
{
    /// <summary>Maps <c>GET /ws?user=&lt;id&gt;</c>, the WebSocket endpoint of the notification manager.</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws", ConnectAsync)
            .RequireApiKey()
            .WithName("NotificationsWebSocket");
        return app;
    }

    internal static async Task<IResult> ConnectAsync(HttpContext context, string? user, WebSocketNotificationManager manager)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket upgrade required",
                detail: "Connect with a WebSocket client: ws://<host>/ws?user=<id>.");
        }

        if (NotificationUserId.Validate(user) is { } error)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user", detail: error);
        }

        if (!manager.IsAcceptingConnections)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Server shutting down");
        }

        await manager.AcceptAsync(context, user!);
        return Results.Empty;
    }
}
