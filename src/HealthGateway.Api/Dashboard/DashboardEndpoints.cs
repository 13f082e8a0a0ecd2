using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Dashboard;

/// <summary><c>GET /</c>, the dashboard page, and <c>GET /dashboard/{file}</c>, its script and styles.</summary>
public static class DashboardEndpoints
{
    // Everything the page needs comes from this origin; nothing may frame it, inline script cannot run, and
    // the only place it sends data is this gateway.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Loads the embedded dashboard files.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardAssets>();
        return builder;
    }

    /// <summary>Maps the dashboard.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Dashboard").ExcludeFromDescription();
        group.MapGet("/", (DashboardAssets assets, HttpContext context) => Serve(assets, "index.html", context));
        group.MapGet("/dashboard/{file}", (string file, DashboardAssets assets, HttpContext context) => Serve(assets, file, context));
        return routes;
    }

    private static Results<FileContentHttpResult, NotFound> Serve(DashboardAssets assets, string name, HttpContext context)
    {
        if (assets.Find(name) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // Revalidated on every load (a 304 costs a few bytes), so an upgraded gateway never runs an old script.
        headers[HeaderNames.CacheControl] = "no-cache";
        return TypedResults.File(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
