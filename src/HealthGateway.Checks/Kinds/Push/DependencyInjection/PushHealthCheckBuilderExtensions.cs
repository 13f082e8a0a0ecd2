using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Kinds.Push;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PushHealthCheck"/>s.</summary>
public static class PushHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds the heartbeat check named <paramref name="name"/>: one check per service (a keyed singleton, so its host's
    /// disposal withdraws it from the gateway's <see cref="HeartbeatBoard"/>), created with its host (<see cref="IEagerHealthCheck"/>).
    /// </summary>
    public static IHealthChecksBuilder AddGatewayPush(this IHealthChecksBuilder builder, string name, TimeSpan within, string? token,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var key = $"healthgateway:push:{name}";
        builder.Services.AddKeyedSingleton(key, (sp, _) =>
            new PushHealthCheck(name, within, token, sp.GetService<HeartbeatBoard>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IEagerHealthCheck>(sp => sp.GetRequiredKeyedService<PushHealthCheck>(key));
        return builder.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredKeyedService<PushHealthCheck>(key), failureStatus, tags, timeout));
    }
}
