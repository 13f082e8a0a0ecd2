using System.Globalization;
using System.Text;
using HealthGateway.Api.Health;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Badges;

/// <summary>
/// <c>GET /badges/ready.svg</c>, <c>/badges/{service}.svg</c> and <c>/badges/group/{group}.svg</c>: shields-style
/// status badges for READMEs and wikis, read from the latest snapshot (a badge never starts a check), cacheable for
/// one <c>PollInterval</c>. They read what <c>/health/ready</c> and <c>/health/services/{name}</c> read, with the same
/// access: none needed (see docs/security.md).
/// </summary>
public static class BadgeEndpoints
{
    // A badge is an image embedded elsewhere: it may carry no script, load nothing, and is never sniffed as HTML.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

    /// <summary>Maps the badge endpoints.</summary>
    public static IEndpointRouteBuilder MapBadges(this IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        var store = services.GetRequiredService<HealthSnapshotStore>();
        var views = services.GetRequiredService<ReadinessViews>();
        var interval = services.GetRequiredService<IOptions<GatewayOptions>>().Value.PollInterval;
        var maxAge = "max-age=" + Math.Max(1, (long)Math.Ceiling(interval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        var group = routes.MapGroup("/badges").WithTags("Badges");

        // The literal route outranks {service}.svg: a service named "ready" has no badge of its own (say so in the docs).
        group.MapGet("/ready.svg", (HttpContext context) =>
            Badge(context, maxAge, "ready", BadgeStatus.Of(views.Apply(store.Current, ReadinessView.Default))));
        group.MapGet("/group/{group}.svg", (string group, HttpContext context) =>
        {
            var (view, error, unknown) = views.Resolve(group, ReadinessSelection.Default);
            if (view is null)
            {
                // As /health/ready/{group}: an unknown group is 404, a group with every member disabled 400.
                return TypedResults.Problem(error, statusCode: unknown ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                    title: unknown ? "Unknown group" : "Nothing to check");
            }

            return Badge(context, maxAge, group, BadgeStatus.Of(views.Apply(store.Current, view)));
        });
        group.MapGet("/{service}.svg", (string service, HttpContext context) =>
            store.Current.Find(service) is { } entry
                ? Badge(context, maxAge, entry.Definition.Name, BadgeStatus.Of(entry.Result?.Status))
                : TypedResults.Problem($"no service named '{BadgeSvg.Label(service, "")}'", statusCode: StatusCodes.Status404NotFound,
                    title: "Unknown service"));
        return routes;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Badge(HttpContext context, string maxAge, string name, BadgeStatus status)
    {
        var headers = context.Response.Headers;
        headers[HeaderNames.CacheControl] = maxAge;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        var label = BadgeSvg.Label(context.Request.Query["label"].FirstOrDefault(), name);
        return TypedResults.Content(BadgeSvg.Render(label, status), "image/svg+xml; charset=utf-8", Encoding.UTF8);
    }
}
