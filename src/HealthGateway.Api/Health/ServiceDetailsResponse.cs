namespace HealthGateway.Api.Health;

/// <summary>The <c>/health/services/{name}</c> body: one service's latest result, recent history and transitions.</summary>
public sealed record ServiceDetailsResponse(
    string Name,
    string Kind,
    bool Critical,
    string Target,
    IReadOnlyList<string> Tags,
    TimeSpan Timeout,
    string? Status,
    string? Description,
    TimeSpan? Duration,
    DateTimeOffset? CheckedAt,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    IReadOnlyList<ServiceResultResponse> History,
    IReadOnlyList<TransitionResponse> Transitions);
