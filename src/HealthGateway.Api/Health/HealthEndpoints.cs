using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Health;

/// <summary><c>/health/live</c>, <c>/health/ready</c> and <c>/health/services/{name}</c>.</summary>
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
        var cache = services.GetRequiredService<ReadinessResponseCache>();
        var options = services.GetRequiredService<IOptions<GatewayOptions>>();
        group.MapGet("/ready", (string? wait, string? fresh, HttpContext context) =>
            GetReadinessAsync(wait, fresh, store, poller, cache, options, context));
        group.MapGet("/services/{name}", GetService);
        return routes;
    }

    private static async Task<Results<ReadinessResult, ProblemHttpResult, EmptyHttpResult>> GetReadinessAsync(
        string? wait, string? fresh, HealthSnapshotStore store, HealthPoller poller, ReadinessResponseCache cache,
        IOptions<GatewayOptions> options, HttpContext context)
    {
        var (query, error) = ReadinessQuery.Parse(wait, fresh);
        if (query is null)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter");
        }

        var aborted = context.RequestAborted;
        try
        {
            if (query.Fresh)
            {
                await poller.RefreshAsync(null, aborted);
            }
            else if (store.StaleServices(options.Value.FreshnessLimit) is { Count: > 0 } stale)
            {
                // Polling has stalled for these: one shared re-check, joined by every request that notices.
                await poller.RefreshAsync(stale, aborted);
            }

            var snapshot = store.Current;
            if (query.Wait is { } waitFor)
            {
                snapshot = await store.WaitUntilReadyAsync(waitFor, null, aborted);
            }

            return new ReadinessResult(cache.GetBody(snapshot), snapshot.Ready);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller went away; its wait is released and nobody is left to answer.
            return TypedResults.Empty;
        }
    }

    private static Results<Ok<ServiceDetailsResponse>, ProblemHttpResult> GetService(string name, HealthSnapshotStore store, ServiceCatalog catalog)
    {
        if (store.GetDetails(name) is not { } details)
        {
            var known = string.Join(", ", catalog.Definitions.Select(d => d.Name));
            return TypedResults.Problem($"no service named '{(name.Length > 100 ? name[..100] : name)}'; known services: {known}",
                statusCode: StatusCodes.Status404NotFound, title: "Unknown service");
        }

        return TypedResults.Ok(HealthJson.ToResponse(details));
    }
}
