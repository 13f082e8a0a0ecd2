namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// Where the gateway is in its life. Kept apart from the health status, which the HealthChecks UI requires to
/// be Healthy, Degraded or Unhealthy.
/// </summary>
public enum GatewayPhase
{
    /// <summary>A critical service has not been checked yet: not ready, whatever else is known.</summary>
    Starting,

    /// <summary>Every critical service has a result.</summary>
    Running,

    /// <summary>The host is shutting down: not ready, so load balancers and gates stop sending work.</summary>
    Stopping,
}
