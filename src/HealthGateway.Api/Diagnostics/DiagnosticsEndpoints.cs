using System.Globalization;
using HealthGateway.Api.Metrics;
using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HealthGateway.Api.Diagnostics;

public static class DiagnosticsEndpoints
{
    public const string NotifierRateLimitPolicyName = "diagnostics-notifier";

    private const int MinTimeoutSeconds = 1;
    private const int MaxTimeoutSeconds = 120;
    private static readonly TimeSpan s_defaultBudget = TimeSpan.FromSeconds(30);

    /// <summary>Maps the <c>/diagnostics</c> group (a key with diagnostics; loopback only while no access is configured): <c>POST /diagnostics/notifier</c>.</summary>
    public static IEndpointRouteBuilder MapDiagnosticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/diagnostics").RequireScope(AccessScopes.Diagnostics);
        group.MapPost("/notifier", RunNotifierAsync)
            .RequireRateLimiting(NotifierRateLimitPolicyName)
            .WithName("NotifierDiagnostics");
        return app;
    }

    /// <summary>
    /// 200 when all five events arrived in order, 503 with the same report otherwise, 400 for a bad query.
    /// </summary>
    internal static async Task<Results<Ok<NotifierDiagnosticsReport>, JsonHttpResult<NotifierDiagnosticsReport>, ValidationProblem>> RunNotifierAsync(
        string? timeout, string? user, NotifierProbe probe, [FromServices] NotifierMetrics? metrics, CancellationToken cancellationToken)
    {
        var budget = s_defaultBudget;
        if (timeout is not null)
        {
            if (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        ["timeout"] = [$"timeout must be a whole number of seconds from {MinTimeoutSeconds} to {MaxTimeoutSeconds} (got '{timeout}')."],
                    },
                    title: "Invalid timeout");
            }

            budget = TimeSpan.FromSeconds(seconds);
        }

        if (user is not null && NotificationUserId.Validate(user) is { } userError)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["user"] = [userError] },
                title: "Invalid user");
        }

        var report = await probe.RunAsync(budget, user, cancellationToken);
        metrics?.Record(report.Success, report.TotalDuration);
        return report.Success
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, DiagnosticsJsonContext.Default.NotifierDiagnosticsReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
