namespace HealthGateway.Api.Security;

/// <summary>Lets a request through only when <see cref="GatewayAccess"/> allows it the endpoint's scope.</summary>
internal sealed class ScopeEndpointFilter(string scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var access = context.HttpContext.RequestServices.GetRequiredService<GatewayAccess>();
        return access.Authorize(context.HttpContext, scope) is { } refusal ? refusal : await next(context);
    }
}
