using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>The context a check class sees when it is called directly, as the health check service would call it.</summary>
internal static class CheckContexts
{
    public static HealthCheckContext For(IHealthCheck check, HealthStatus failureStatus = HealthStatus.Unhealthy) => new()
    {
        Registration = new HealthCheckRegistration("service", check, failureStatus, tags: null),
    };
}
