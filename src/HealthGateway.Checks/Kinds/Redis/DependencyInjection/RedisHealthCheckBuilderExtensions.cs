using HealthGateway.Checks.Kinds.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RedisHealthCheck"/>s.</summary>
public static class RedisHealthCheckBuilderExtensions
{
    /// <summary>Adds a Redis check named <paramref name="name"/> over one lazily connected multiplexer for that service.</summary>
    public static IHealthChecksBuilder AddGatewayRedis(this IHealthChecksBuilder builder, string name, RedisHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var key = $"healthgateway:redis:{name}";
        builder.Services.AddKeyedSingleton(key, (_, _) => new RedisConnection(options));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new RedisHealthCheck(sp.GetRequiredKeyedService<RedisConnection>(key), options, sp.GetRequiredService<TimeProvider>()),
            failureStatus,
            tags,
            options.Timeout));
    }
}
