using System.Buffers;
using System.Text.Json;
using HealthGateway.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthGateway.Api.AgentEvents;

public static class EventEndpoints
{
    /// <summary>What <c>POST /events</c> needs registered: its answer's JSON metadata for the HTTP JSON options.</summary>
    public static WebApplicationBuilder AddEventIntake(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EventJsonContext.Default));
        return builder;
    }

    /// <summary>Maps <c>POST /events</c> (a key with events:write; loopback only while no access is configured): a producer hands the gateway an agent event for a user.</summary>
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/events", PostEventAsync)
            .RequireScope(AccessScopes.EventsWrite)
            .WithName("PostAgentEvent");
        return app;
    }

    /// <summary>
    /// 202 with what happened on this replica once the event is queued for the user's connections here (and, with the
    /// backplane, published to every replica); 400 with a ProblemDetails that says why for anything else, including
    /// what the publisher refuses (never a 500 for the event itself).
    /// </summary>
    internal static async Task<Results<Accepted<AgentEventAccepted>, ValidationProblem, ProblemHttpResult>> PostEventAsync(
        HttpRequest request, IAgentEventSink sink, CancellationToken cancellationToken)
    {
        // Read by hand within the limit: the framework's binder would read any size and answer a parse error with a bare 400.
        if (request.ContentLength > AgentEventRules.MaxEventBytes)
        {
            return TooLarge();
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        AgentEventRequest? input;
        try
        {
            input = body.Length == 0 ? null : JsonSerializer.Deserialize(body, EventJsonContext.Default.AgentEventRequest);
        }
        catch (JsonException ex)
        {
            // The parser's message names the position and the expected token, never more than the body itself holds.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed JSON",
                detail: $"The body is not a JSON event object: {ex.Message.Split('\n')[0].Trim()}");
        }

        if (input is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed JSON",
                detail: """The body must be a JSON object such as {"user":"u1","type":"agent_thinking","runId":"run-1","data":{}}.""");
        }

        var errors = AgentEventRules.Validate(input.User, input.Type, input.RunId, input.Data);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: AgentEventRules.Summarize(errors), title: "Invalid event");
        }

        var data = input.Data is { ValueKind: JsonValueKind.Object } element ? (object)element : null;
        DeliveryResult result;
        try
        {
            // The one way in, as for every producer: with the backplane on, through Redis to every replica.
            result = await sink.PublishAsync(
                new AgentEvent(input.Type!, input.User!, input.RunId ?? AgentEventRules.DefaultRunId, data), cancellationToken);
        }
        catch (EventTooLargeException ex)
        {
            // Within MaxEventBytes as sent, but too large as a message to the other replicas (see the exception).
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Event too large", detail: ex.Detail);
        }
        catch (ArgumentException ex)
        {
            // The sink refuses what no replica would deliver; the rules above should have caught it already.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid event", detail: ex.Message);
        }

        return TypedResults.Accepted((string?)null, new AgentEventAccepted(
            result.Delivered, result.Connections, RouteName(result.Route), result.Subscribers));
    }

    /// <summary>The route as the 202 body names it.</summary>
    public static string RouteName(DeliveryRoute route) => route switch
    {
        DeliveryRoute.Local => "local",
        DeliveryRoute.Backplane => "backplane",
        DeliveryRoute.LocalFallback => "local-fallback",
        DeliveryRoute.Unconfirmed => "unconfirmed",
        _ => route.ToString().ToLowerInvariant(),
    };

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Event too large",
            detail: $"An event may be at most {AgentEventRules.MaxEventBytes} bytes of JSON.");

    /// <summary>The whole body, or null when it is longer than <see cref="AgentEventRules.MaxEventBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(AgentEventRules.MaxEventBytes + 1);
        try
        {
            var length = 0;
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, AgentEventRules.MaxEventBytes + 1 - length), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > AgentEventRules.MaxEventBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
