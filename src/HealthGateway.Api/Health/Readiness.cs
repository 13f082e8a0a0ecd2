using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Health;

/// <summary>
/// Answers <c>/health/ready</c> and <c>/health/ready/{group}</c>: parses the caller's question, refreshes when
/// asked or stale, long-polls on <c>?wait=</c>, and serves the cached body of the answer.
/// </summary>
internal sealed class Readiness(HealthSnapshotStore store, HealthPoller poller, ReadinessViews views, IOptions<GatewayOptions> options)
{
    public async Task<Results<ReadinessResult, HealthDraftResult, ProblemHttpResult, EmptyHttpResult>> AnswerAsync(string? group, HttpContext context)
    {
        var (query, error) = ReadinessQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter");
        }

        var (view, viewError, unknownGroup) = views.Resolve(group, query.Selection);
        if (view is null)
        {
            return unknownGroup
                ? TypedResults.Problem(viewError, statusCode: StatusCodes.Status404NotFound, title: "Unknown group")
                : TypedResults.Problem(viewError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter");
        }

        var aborted = context.RequestAborted;
        try
        {
            if (query.Fresh)
            {
                // Only the services this answer is about: a subset's fresh check does not touch the others.
                await poller.RefreshAsync(view.Scope?.Counted.Select(s => s.Name), aborted);
            }
            else if (store.StaleServices(options.Value.FreshnessLimit) is { Count: > 0 } stale)
            {
                // Polling has stalled for these: one shared re-check, joined by every request that notices.
                await poller.RefreshAsync(stale, aborted);
            }

            var snapshot = store.Current;
            if (query.Wait is { } waitFor)
            {
                // The services that hold the answer back are checked every WaitPollInterval meanwhile, on a
                // schedule shared with every other waiter.
                snapshot = await store.WaitUntilReadyAsync(waitFor, full => views.Apply(full, Unchanged(view)), seen => poller.Hurry(ReadinessView.Missing(seen)), null, aborted);
            }

            if (HealthDraftJson.IsAsked(context.Request))
            {
                var shown = views.Apply(snapshot, Unchanged(view));
                return new HealthDraftResult(HealthDraftJson.Body(shown), shown.Ready);
            }

            var (body, ready) = views.Answer(snapshot, Unchanged(view));
            return new ReadinessResult(body, ready);
        }
        catch (ServicesRemovedException removed)
        {
            // Waiting on would run out the clock on a question that no longer has an answer: say so at once.
            var names = string.Join(", ", removed.Names);
            return TypedResults.Problem($"{names} {(removed.Names.Count == 1 ? "was" : "were")} removed by a configuration reload",
                statusCode: StatusCodes.Status409Conflict, title: "Removed by a reload");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller went away; its wait is released and nobody is left to answer.
            return TypedResults.Empty;
        }
    }

    /// <summary><paramref name="view"/>, unless a reload has removed one of its services since it was resolved.</summary>
    private ReadinessView Unchanged(ReadinessView view) =>
        views.RemovedFrom(view) is { Count: > 0 } removed ? throw new ServicesRemovedException(removed) : view;

    /// <summary>Ends a wait whose services a reload removed; never leaves this class.</summary>
    private sealed class ServicesRemovedException(IReadOnlyList<string> names) : Exception
    {
        public IReadOnlyList<string> Names { get; } = names;
    }
}
