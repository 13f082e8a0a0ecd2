using System.Text.Json.Serialization;

namespace HealthGateway.Api.Health;

/// <summary>
/// The <c>application/health+json</c> readiness body (IETF draft "Health Check Response Format for HTTP APIs"),
/// served instead of the default body when the caller's <c>Accept</c> asks for it.
/// </summary>
/// <param name="Status"><c>pass</c> (ready, all Healthy), <c>warn</c> (ready, something Degraded or down) or <c>fail</c> (not ready: 503).</param>
/// <param name="Description">What the answer is about.</param>
/// <param name="Checks">Each checked service as <c>&lt;service&gt;:responseTime</c> → one check.</param>
/// <param name="Notes">Services not checked yet, as "pending: name".</param>
public sealed record HealthDraftResponse(
    string Status,
    string Description,
    IReadOnlyDictionary<string, IReadOnlyList<HealthDraftCheck>> Checks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Notes);
