using System.Text.Json.Serialization;

namespace HealthGateway.Api.Health;

/// <summary>
/// One check in an <c>application/health+json</c> body (IETF draft "Health Check Response Format for HTTP APIs"):
/// the service's latest response time, under the key <c>&lt;service&gt;:responseTime</c>.
/// </summary>
/// <param name="ComponentId">The service's name.</param>
/// <param name="ComponentType"><c>datastore</c> for databases and caches, <c>system</c> for everything else.</param>
/// <param name="ObservedValue">The check's duration.</param>
/// <param name="ObservedUnit">Always <c>ms</c>.</param>
/// <param name="Status"><c>pass</c>, <c>warn</c> or <c>fail</c>.</param>
/// <param name="Time">When the check finished (ISO 8601).</param>
/// <param name="Output">The description, for warn and fail only (the draft: omitted on pass).</param>
public sealed record HealthDraftCheck(
    string ComponentId,
    string ComponentType,
    double ObservedValue,
    string ObservedUnit,
    string Status,
    DateTimeOffset Time,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Output);
