using System.Text.Json.Serialization;

namespace HealthGateway.Api.Diagnostics;

/// <summary>One event of a notifier diagnostics run.</summary>
/// <param name="ExecutionTime">From the notify call until the event arrived at the probe (or the attempt gave up); absent when skipped.</param>
/// <param name="Error">Why the event failed or was skipped; absent on success.</param>
public sealed record NotifierEventReport(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? ExecutionTime = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
