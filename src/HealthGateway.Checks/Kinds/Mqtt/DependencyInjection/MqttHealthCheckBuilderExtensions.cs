using HealthGateway.Checks.Kinds.Mqtt;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MqttHealthCheck"/>s.</summary>
public static class MqttHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds an MQTT check named <paramref name="name"/>: a fresh connection per run, closed cleanly after; with
    /// <see cref="MqttHealthCheckOptions.Certificates"/> (mqtts), the broker's certificate is judged and reported too.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayMqtt(this IHealthChecksBuilder builder, string name, MqttHealthCheckOptions options,
        IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        builder.AddWithCertificates("mqtt", name, options.Certificates, options.Target,
            (time, inspector) => new MqttHealthCheck(options, time, inspector), options.Timeout, tags, failureStatus);
}
