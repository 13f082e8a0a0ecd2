using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Metrics;

/// <summary>Maps a health status to the number a gauge carries, so "less than 1" reads as "not fully healthy".</summary>
public static class StatusValue
{
    /// <summary>1 Healthy, 0.5 Degraded, 0 Unhealthy.</summary>
    public static double Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };
}
