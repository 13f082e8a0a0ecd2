using Serilog;

namespace HealthGateway.Api.Security;

/// <summary>
/// Decides whether a request may use a scope: a key that has it, or (while nothing is configured) a client on
/// loopback. The name of whoever passed goes into the request's log line as <c>Caller</c>; the key never does.
/// </summary>
public sealed class GatewayAccess(ApiKeyRing keys)
{
    public const string HeaderName = "X-Api-Key";
    public const string QueryParameterName = "api_key";

    /// <summary>The name logs give a caller let through by protected mode's loopback rule.</summary>
    public const string LoopbackCallerName = "loopback";

    /// <summary>True when a key or a token issuer is configured; false is protected mode.</summary>
    public bool IsConfigured => keys.IsAccessConfigured;

    /// <summary>The key in the <c>X-Api-Key</c> header, else the <c>api_key</c> query parameter (browsers cannot set headers on a WebSocket).</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryParameterName];
        }

        return string.IsNullOrEmpty(presented) ? null : presented;
    }

    /// <summary>The holder of the presented key; null when none or an unknown one was presented.</summary>
    public ApiKeyHolder? Identify(HttpRequest request) => PresentedKey(request) is { } key ? keys.Find(key) : null;

    /// <summary>Null when <paramref name="context"/> may use <paramref name="scope"/>; otherwise the 401 or 403 to answer.</summary>
    public IResult? Authorize(HttpContext context, string scope)
    {
        if (PresentedKey(context.Request) is { } presented)
        {
            if (keys.Find(presented) is not { } holder)
            {
                return UnknownKey();
            }

            if (!holder.May(scope))
            {
                return MissingScope(holder, scope);
            }

            NameCaller(context, holder.Name);
            return null;
        }

        if (IsConfigured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: $"Send an API key with the scope {scope} in the {HeaderName} header or the {QueryParameterName} query parameter.");
        }

        if (!ProtectedMode.IsLoopback(context))
        {
            return ProtectedMode.Refusal();
        }

        NameCaller(context, LoopbackCallerName);
        return null;
    }

    /// <summary>Puts who passed into the request's log line (the <c>Caller</c> property) and its items.</summary>
    public static void NameCaller(HttpContext context, string name)
    {
        context.Items[typeof(GatewayAccess)] = name;
        context.RequestServices.GetService<IDiagnosticContext>()?.Set("Caller", name);
    }

    /// <summary>The name <see cref="NameCaller"/> recorded for <paramref name="context"/>, if any.</summary>
    public static string? CallerName(HttpContext context) => context.Items.TryGetValue(typeof(GatewayAccess), out var name) ? name as string : null;

    internal static IResult UnknownKey() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unknown API key",
            detail: $"The key in {HeaderName} (or {QueryParameterName}) is not one this gateway knows.");

    internal static IResult MissingScope(ApiKeyHolder holder, string scope) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Scope missing",
            detail: $"The key '{holder.Name}' does not have the scope {scope}.");
}
