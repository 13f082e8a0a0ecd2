using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Snapshots;
using HealthGateway.Checks.Readiness;
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
        var view = services.GetRequiredService<ReadinessView>();
        var options = services.GetRequiredService<IOptions<GatewayOptions>>();
        var time = services.GetRequiredService<TimeProvider>();
        group.MapGet("/ready", (string? wait, string? fresh, HttpContext context) =>
            GetReadinessAsync(wait, fresh, store, poller, view, options, time, context));
        group.MapGet("/services/{name}", GetService);
        return routes;
    }

    private static async Task<Results<ReadinessResult, ProblemHttpResult, EmptyHttpResult>> GetReadinessAsync(
        string? wait, string? fresh, HealthSnapshotStore store, HealthPoller poller, ReadinessView view,
        IOptions<GatewayOptions> options, TimeProvider time, HttpContext context)
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

            var rendered = view.Current;
            if (query.Wait is { } waitFor)
            {
                rendered = await WaitUntilReadyAsync(store, view, rendered, waitFor, time, aborted);
            }

            return new ReadinessResult(rendered.Body, rendered.Snapshot.Ready);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller went away; its wait is released and nobody is left to answer.
            return TypedResults.Empty;
        }
    }

    /// <summary>
    /// Waits for the snapshot to turn ready by reacting to each new snapshot the store publishes (no sleep
    /// loop), until the deadline or until the gateway starts stopping.
    /// </summary>
    private static async Task<ReadinessView.Rendered> WaitUntilReadyAsync(HealthSnapshotStore store, ReadinessView view,
        ReadinessView.Rendered rendered, TimeSpan wait, TimeProvider time, CancellationToken aborted)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        while (!rendered.Snapshot.Ready && rendered.Snapshot.Phase != GatewayPhase.Stopping)
        {
            var remaining = TimeSpan.FromSeconds((deadline - time.GetTimestamp()) / (double)time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await store.WaitForChangeAsync(rendered.Snapshot, aborted).WaitAsync(remaining, time, aborted);
            }
            catch (TimeoutException)
            {
                break;
            }

            rendered = view.Current;
        }

        return rendered;
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
