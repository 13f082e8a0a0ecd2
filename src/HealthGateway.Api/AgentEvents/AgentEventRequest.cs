using System.Text.Json;

namespace HealthGateway.Api.AgentEvents;

/// <summary>The body of <c>POST /events</c>: <c>{"user":"u1","type":"agent_thinking","runId":"run-42","data":{…}}</c>.</summary>
/// <param name="RunId">Optional: events without one belong to the run <c>default</c>.</param>
/// <param name="Data">Optional JSON object passed to the client as the event's <c>data</c>.</param>
public sealed record AgentEventRequest(string? User, string? Type, string? RunId, JsonElement? Data);
