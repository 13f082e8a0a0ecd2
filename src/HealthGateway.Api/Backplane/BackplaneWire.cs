using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HealthGateway.Api.AgentEvents;
using HealthGateway.Checks.Core.Text;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// The wire format of the channel (<see cref="BackplaneMessage"/> as UTF-8 JSON), and the rules every replica
/// applies to a message from it: the same as for <c>POST /events</c>, so a producer may use either.
/// </summary>
internal static class BackplaneWire
{
    /// <summary>
    /// Escaping only what JSON requires (the default encoder also escapes HTML-sensitive and non-ASCII characters,
    /// up to six times the bytes), and an event's data written as the very JSON it was received as.
    /// </summary>
    private static readonly JsonSerializerOptions s_json = JsonResolvers.Create(BackplaneJsonContext.Default, new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new VerbatimJsonElementConverter() },
    });

    private static readonly JsonTypeInfo<BackplaneMessage> s_message = JsonResolvers.For<BackplaneMessage>(s_json);

    /// <summary>The message this replica publishes for <paramref name="agentEvent"/>.</summary>
    /// <exception cref="ArgumentException">The event breaks a rule every replica applies: it would be dropped everywhere.</exception>
    /// <exception cref="EventTooLargeException">Its message is larger than <see cref="AgentEventRules.MaxMessageBytes"/>.</exception>
    public static byte[] Serialize(AgentEvent agentEvent, string origin, long id)
    {
        var data = agentEvent.Data switch
        {
            null => (JsonElement?)null,
            JsonElement element => element,
            var other => JsonSerializer.SerializeToElement(other, s_json.GetTypeInfo(other.GetType())),
        };
        var errors = AgentEventRules.Validate(agentEvent.User, agentEvent.Type, agentEvent.RunId, data);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Not an event the backplane can carry: {AgentEventRules.Summarize(errors)}", nameof(agentEvent));
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new BackplaneMessage(agentEvent.User, agentEvent.Type, agentEvent.RunId, data, origin, id), s_message);
        return payload.Length > AgentEventRules.MaxMessageBytes ? throw new EventTooLargeException(payload.Length, nameof(agentEvent)) : payload;
    }

    /// <summary>
    /// Reads a message from the channel: the event and, when a gateway published it, its origin and id; or null and
    /// why it is not an event any replica delivers, in one line without the message itself.
    /// </summary>
    public static (BackplaneMessage? Message, AgentEvent? Event, string? Problem) Read(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > AgentEventRules.MaxMessageBytes)
        {
            return (null, null, $"message of {bytes.Length} bytes is larger than {AgentEventRules.MaxMessageBytes}");
        }

        BackplaneMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(bytes.Span, s_message);
        }
        catch (JsonException)
        {
            return (null, null, "message is not a JSON event object");
        }

        if (message is null)
        {
            return (null, null, "message is JSON null");
        }

        var errors = AgentEventRules.Validate(message.User, message.Type, message.RunId, message.Data);
        if (errors.Count > 0)
        {
            return (null, null, AgentEventRules.Summarize(errors));
        }

        var data = message.Data is { ValueKind: JsonValueKind.Object } element ? (object)element : null;
        return (message, new AgentEvent(message.Type!, message.User!, message.RunId ?? AgentEventRules.DefaultRunId, data), null);
    }
}
