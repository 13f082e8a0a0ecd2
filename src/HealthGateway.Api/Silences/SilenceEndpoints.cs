using System.Text.Json;
using HealthGateway.Api.Security;
using HealthGateway.Checks.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthGateway.Api.Silences;

/// <summary><c>POST /silences</c>, <c>GET /silences</c> and <c>DELETE /silences/{id}</c>.</summary>
public static class SilenceEndpoints
{
    /// <summary>A silence request is a few hundred bytes; anything this large is not one.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the endpoints; creating and ending a silence need a key with silences:write (loopback only while no access is configured).</summary>
    public static IEndpointRouteBuilder MapSilences(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/silences").WithTags("Silences");
        group.MapPost("/", CreateAsync).RequireScope(AccessScopes.SilencesWrite);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id}", DeleteAsync).RequireScope(AccessScopes.SilencesWrite);
        return routes;
    }

    private static async Task<Results<Created<SilenceCreated>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ISilenceStore store, ActiveSilences active, ServiceCatalog catalog, CancellationToken cancellationToken)
    {
        SilenceRequest? body;
        try
        {
            if (request.ContentLength > MaxBodyBytes)
            {
                return Invalid($"the body is larger than {MaxBodyBytes / 1024} KiB");
            }

            body = await JsonSerializer.DeserializeAsync(request.Body, SilenceJsonContext.Default.SilenceRequest, cancellationToken);
        }
        catch (JsonException exception)
        {
            // The parser's own words say where (line, position) without echoing the body.
            return Invalid($"the body is not a JSON silence: {exception.Message.Split(" Path:")[0]}");
        }

        if (body is null)
        {
            return Invalid("the body is empty; send {\"services\": [...], \"duration\": \"00:30:00\", \"reason\": \"...\"}");
        }

        var (silence, error) = SilenceRequestValidator.Validate(body, catalog, active.Now);
        if (silence is null)
        {
            return Invalid(error!);
        }

        try
        {
            await store.AddAsync(silence, cancellationToken);
        }
        catch (SilenceStoreUnavailableException exception)
        {
            return Unavailable(exception);
        }

        return TypedResults.Created($"/silences/{silence.Id}", new SilenceCreated(silence.Id, silence.Until));
    }

    private static async Task<Results<JsonHttpResult<SilenceList>, ProblemHttpResult>> ListAsync(ISilenceStore store, CancellationToken cancellationToken)
    {
        try
        {
            var silences = await store.ListAsync(cancellationToken);
            return TypedResults.Json(new SilenceList(silences), SilenceJsonContext.Default.SilenceList);
        }
        catch (SilenceStoreUnavailableException exception)
        {
            return Unavailable(exception);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ISilenceStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.RemoveAsync(id, cancellationToken)
                ? TypedResults.NoContent()
                : TypedResults.Problem($"no active silence with id '{(id.Length > 100 ? id[..100] : id)}'",
                    statusCode: StatusCodes.Status404NotFound, title: "Unknown silence");
        }
        catch (SilenceStoreUnavailableException exception)
        {
            return Unavailable(exception);
        }
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid silence");

    private static ProblemHttpResult Unavailable(SilenceStoreUnavailableException exception) =>
        TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Silences unavailable");
}
