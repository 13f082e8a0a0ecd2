using System.Text.Json;
using HealthGateway.Api.Security;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Silences;

/// <summary><c>POST /silences</c>, <c>GET /silences</c> and <c>DELETE /silences/{id}</c>.</summary>
public static class SilenceEndpoints
{
    /// <summary>A silence request is a few hundred bytes; anything this large is not one.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the endpoints; creating and ending a silence need a key with silences:write, and are off while no key is configured (even on loopback).</summary>
    public static IEndpointRouteBuilder MapSilences(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/silences").WithTags("Silences");
        group.MapPost("/", CreateAsync).RequireSilenceWriter();
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id}", DeleteAsync).RequireSilenceWriter();
        return routes;
    }

    private static async Task<Results<Created<SilenceCreated>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ISilenceStore store, ActiveSilences active, ServiceCatalog catalog, IOptions<SilenceOptions> options, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes || await ReadCappedAsync(request.Body, cancellationToken) is not { } bytes)
        {
            // The read itself is capped: a chunked body carries no Content-Length to refuse it by.
            return TypedResults.Problem($"the body is larger than {MaxBodyBytes / 1024} KiB; a silence is a few hundred bytes",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Silence too large");
        }

        SilenceRequest? body;
        try
        {
            body = bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, SilenceJsonContext.Default.SilenceRequest);
        }
        catch (JsonException exception)
        {
            return Invalid($"the body is not a JSON silence: {Describe(exception)}");
        }

        if (body is null)
        {
            return Invalid("the body is empty; send {\"services\": [...], \"duration\": \"30m\", \"reason\": \"...\"}");
        }

        var (silence, error) = SilenceRequestValidator.Validate(body, catalog, active.Now);
        if (silence is null)
        {
            return Invalid(error!);
        }

        try
        {
            // Checked before adding: two creates at once may pass the cap by one each, never without bound.
            var max = options.Value.MaxActive;
            if ((await store.ListAsync(cancellationToken)).Count >= max)
            {
                return TypedResults.Problem($"{max} silences are in force, the most allowed ({SilenceOptions.SectionName}:{nameof(SilenceOptions.MaxActive)}); end one or wait for one to expire",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many silences");
            }

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

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > MaxBodyBytes ? null : buffer[..length];
    }

    /// <summary>
    /// Where the JSON went wrong, in the parser's words when it speaks of JSON and in ours when it would name a .NET
    /// type ("could not be converted to HealthGateway.Api.Silences.SilenceRequest"); never the body itself.
    /// </summary>
    private static string Describe(JsonException exception)
    {
        var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : $" at {exception.Path}";
        var position = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
        var message = exception.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
        return message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("HealthGateway.", StringComparison.Ordinal)
                                                                                   || message.Contains("System.", StringComparison.Ordinal)
            ? $"a value has the wrong type{where}{position}; expected an object such as {Example}"
            : $"{message}{where}{position}";
    }

    private const string Example = "{\"services\": [\"db\"], \"tags\": [\"storage\"], \"duration\": \"30m\", \"reason\": \"upgrade\", \"gate\": true}";

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid silence");

    private static ProblemHttpResult Unavailable(SilenceStoreUnavailableException exception) =>
        TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Silences unavailable");
}
