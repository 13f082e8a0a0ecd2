using System.Text.Json;
using HealthGateway.Checks.Core.Text;
using HealthGateway.Checks.Kinds.Push;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthGateway.Api.Heartbeats;

/// <summary><c>POST /heartbeat/{service}</c>: a batch job or cron reports in for its <c>push</c> service.</summary>
public static class HeartbeatEndpoints
{
    /// <summary>The header that carries a push service's token (or <c>?token=</c>).</summary>
    public const string TokenHeader = "X-Heartbeat-Token";

    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxMessageLength = 200;

    /// <summary>Maps the endpoint. The service's own token guards it, not the API key: a cron job holds only its own token.</summary>
    public static IEndpointRouteBuilder MapHeartbeats(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/heartbeat/{service}", ReceiveAsync).WithTags("Heartbeats");
        return routes;
    }

    private static async Task<Results<Ok<HeartbeatReceipt>, ProblemHttpResult>> ReceiveAsync(
        string service, HttpRequest request, HeartbeatBoard board, HealthPoller poller, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = request.Headers.TryGetValue(TokenHeader, out var header) && header.Count > 0 ? header[0] : request.Query["token"].FirstOrDefault();
        switch (board.Judge(service, token))
        {
            case HeartbeatVerdict.UnknownService:
                return TypedResults.Problem($"no push service named '{TextShortener.Shorten(service, 100)}'",
                    statusCode: StatusCodes.Status404NotFound, title: "Unknown push service");
            case HeartbeatVerdict.WrongToken:
                // Not counted, and nothing said about which part was wrong.
                return TypedResults.Problem($"missing or wrong heartbeat token; send it as {TokenHeader} or ?token=",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Heartbeat refused");
        }

        var (report, problem) = await ReadReportAsync(request, cancellationToken);
        if (problem is not null)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid heartbeat");
        }

        var failed = string.Equals(report?.Status, "fail", StringComparison.OrdinalIgnoreCase);
        var message = string.IsNullOrWhiteSpace(report?.Message) ? null : ControlCharacters.Escape(TextShortener.Shorten(report.Message.ReplaceLineEndings(" ").Trim(), MaxMessageLength));
        var beat = new Heartbeat(time.GetUtcNow(), failed, message);
        board.Record(service, beat);

        // Judged now rather than at the next poll: the answer a CI job reads next reflects this heartbeat.
        await poller.RefreshAsync([service], cancellationToken);
        return TypedResults.Ok(new HeartbeatReceipt(service, failed ? "fail" : "ok", beat.At));
    }

    private static async Task<(HeartbeatReport? Report, string? Problem)> ReadReportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"the body is larger than {MaxBodyBytes / 1024} KiB");
        }

        try
        {
            var report = await JsonSerializer.DeserializeAsync(request.Body, HeartbeatJsonContext.Default.HeartbeatReport, cancellationToken);
            return report?.Status is { } status && !status.Equals("ok", StringComparison.OrdinalIgnoreCase) && !status.Equals("fail", StringComparison.OrdinalIgnoreCase)
                ? (null, "status must be \"ok\" or \"fail\"")
                : (report, null);
        }
        catch (JsonException exception)
        {
            return (null, $"the body is not a JSON heartbeat such as {{\"status\":\"fail\",\"message\":\"…\"}}: {exception.Message.Split(" Path:")[0]}");
        }
    }
}
