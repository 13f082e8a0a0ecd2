using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthGateway.Api.Security;

public static class AccessEndpoints
{
    /// <summary>The scope a token grants: its own user's events on <c>/ws</c>, nothing else.</summary>
    public const string ReadOwnEvents = "events:read-own";

    /// <summary>Maps <c>GET /access</c>: who this request is and what it may do (open to all: it tells nothing secret).</summary>
    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/access", DescribeAsync).WithName("Access");
        return app;
    }

    internal static async Task<JsonHttpResult<AccessDescription>> DescribeAsync(HttpContext context, GatewayAccess access, WebSocketAccess sockets)
    {
        var configured = access.IsConfigured;
        var protectedMode = !configured && !ProtectedMode.IsLoopback(context);
        AccessDescription description;
        if (GatewayAccess.PresentedKey(context.Request) is not null)
        {
            description = access.Identify(context.Request) is { } holder
                ? new AccessDescription(configured, protectedMode, holder.Name, null, [.. AccessScopes.All.Where(holder.May)], null)
                : new AccessDescription(configured, protectedMode, null, null, [], "this gateway does not know the key");
        }
        else if (WebSocketAccess.HasBearerToken(context.Request))
        {
            var admission = await sockets.AdmitAsync(context, requestedUser: null);
            description = admission.User is { } user
                ? new AccessDescription(configured, protectedMode, "token", user, [ReadOwnEvents], null)
                : new AccessDescription(configured, protectedMode, null, null, [], "the token is not accepted");
        }
        else if (!configured && !protectedMode)
        {
            description = new AccessDescription(configured, protectedMode, GatewayAccess.LoopbackCallerName, null, AccessScopes.All, null);
        }
        else
        {
            description = new AccessDescription(configured, protectedMode, null, null, [],
                protectedMode ? ProtectedMode.HowToConfigure : "send an API key or a token to do more than read");
        }

        return TypedResults.Json(description, AccessJsonContext.Default.AccessDescription);
    }
}
