namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>Which services hold readiness back: what a person waiting for the environment needs to start.</summary>
public static class BlockingServices
{
    /// <summary>
    /// The critical services that are unavailable or not checked yet, in configuration order. Empty while every
    /// critical service is up, even if the gateway is not ready for another reason (it is starting or stopping).
    /// </summary>
    /// <param name="critical">Every critical service, in configuration order.</param>
    /// <param name="unavailable">Services whose latest result is Unhealthy.</param>
    /// <param name="pending">Services not checked yet.</param>
    public static IReadOnlyList<string> Of(IReadOnlyList<string> critical, IReadOnlyList<string> unavailable, IReadOnlyList<string> pending) =>
        critical.Where(name => unavailable.Contains(name, StringComparer.OrdinalIgnoreCase) || pending.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
}
