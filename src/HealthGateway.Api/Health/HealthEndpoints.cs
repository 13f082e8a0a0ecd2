using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Health;

/// <summary><c>/health/live</c>, <c>/health/ready</c>, <c>/health/ready/{group}</c> and <c>/health/services/{name}</c>.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps the health endpoints.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Ok(new LivenessResponse("Healthy")));
        // Readiness is the endpoint a CI fleet hammers: its collaborators are singletons, resolved once here rather
        // than from a request scope created (and disposed) for every request.
        var services = routes.ServiceProvider;
        var store = services.GetRequiredService<HealthSnapshotStore>();
        var poller = services.GetRequiredService<HealthPoller>();
        var views = services.GetRequiredService<ReadinessViews>();
        var options = services.GetRequiredService<IOptions<GatewayOptions>>();
        var readiness = new Readiness(store, poller, views, options);
        // A route handler, not a RequestDelegate: its typed result is written.
        group.MapGet("/ready", (Delegate)((HttpContext context) => readiness.AnswerAsync(null, context)));
        group.MapGet("/ready/{group}", (string group, HttpContext context) => readiness.AnswerAsync(group, context));
        group.MapGet("/services/{name}", GetService);
        return routes;
    }

    private static Results<Ok<ServiceDetailsResponse>, ProblemHttpResult> GetService(string name, HealthSnapshotStore store, ServiceCatalog catalog,
        SilenceOverlay overlay)
    {
        if (store.GetDetails(name) is not { } details)
        {
            var known = string.Join(", ", catalog.Definitions.Select(d => d.Name));
            return TypedResults.Problem($"no service named '{(name.Length > 100 ? name[..100] : name)}'; known services: {known}",
                statusCode: StatusCodes.Status404NotFound, title: "Unknown service");
        }

        return TypedResults.Ok(HealthJson.ToResponse(details, overlay.PlacementOf?.Invoke(details.Definition.Name)));
    }
}
