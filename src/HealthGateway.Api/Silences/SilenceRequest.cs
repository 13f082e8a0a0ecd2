namespace HealthGateway.Api.Silences;

/// <summary>The body of <c>POST /silences</c>.</summary>
/// <param name="Duration">A TimeSpan string, more than zero and at most 24 h: <c>"00:30:00"</c>.</param>
/// <param name="Gate">False takes the silenced services out of the readiness decision while it lasts; default true.</param>
public sealed record SilenceRequest(
    IReadOnlyList<string>? Services,
    IReadOnlyList<string>? Tags,
    string? Duration,
    string? Reason,
    bool? Gate);
