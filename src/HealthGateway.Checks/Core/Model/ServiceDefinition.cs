using HealthGateway.Checks.Core.KindContract;

namespace HealthGateway.Checks.Core.Model;

/// <summary>
/// A service after its configuration has been validated and resolved: every value the runner needs, with
/// defaults applied. Built by the composition (<c>ServiceDefinitionFactory</c>).
/// </summary>
/// <param name="Name">The service name, as configured.</param>
/// <param name="Kind">The name of a kind in the <see cref="ServiceKindCatalog"/>, or <c>custom</c> for checks registered in code.</param>
/// <param name="Critical">Whether an Unhealthy result makes the gateway not ready.</param>
/// <param name="Timeout">The whole check's budget.</param>
/// <param name="DegradedAfter">A success slower than this is Degraded; null for never.</param>
/// <param name="Tags">Kind, <c>critical</c> when critical, then the configured tags.</param>
/// <param name="Target">Where the check goes, safe to show: host and port or a URL without credentials.</param>
/// <param name="FailureThreshold">Consecutive failures before Unhealthy.</param>
/// <param name="SuccessThreshold">Consecutive successes before up again.</param>
/// <param name="Retries">Retries inside the budget.</param>
/// <param name="RetryDelay">Pause before each retry.</param>
public sealed record ServiceDefinition(
    string Name,
    string Kind,
    bool Critical,
    TimeSpan Timeout,
    TimeSpan? DegradedAfter,
    IReadOnlyList<string> Tags,
    string Target,
    int FailureThreshold,
    int SuccessThreshold,
    int Retries,
    TimeSpan RetryDelay);
