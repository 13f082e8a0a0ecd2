using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// One event on the backplane channel, as UTF-8 JSON:
/// <c>{"user":"u1","type":"agent_thinking","runId":"run-42","data":{…},"origin":"gw-1-3f2a9c1e","id":17}</c>.
/// A producer publishing straight to Redis sends the first four fields only (runId and data are optional).
/// </summary>
/// <param name="Origin">The replica that published the event; it waits for its own copy to come back.</param>
/// <param name="Id">The origin's number for the event, matching the copy to the waiting publisher.</param>
public sealed record BackplaneMessage(
    string? User,
    string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Origin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Id);
