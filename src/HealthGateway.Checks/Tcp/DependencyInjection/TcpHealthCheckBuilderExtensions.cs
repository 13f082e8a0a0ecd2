using HealthGateway.Checks.Tcp;
using HealthGateway.Checks.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TcpHealthCheck"/>s.</summary>
public static class TcpHealthCheckBuilderExtensions
{
    /// <summary>Adds a TCP connect check named <paramref name="name"/>; with <see cref="TcpHealthCheckOptions.Certificates"/>, a TLS handshake too.</summary>
    public static IHealthChecksBuilder AddGatewayTcp(this IHealthChecksBuilder builder, string name, TcpHealthCheckOptions options,
        TimeSpan timeout, IEnumerable<string>? tags = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var inspectorKey = $"healthgateway:tcp:{name}:certificate";
        if (options.Certificates is { } certificates)
        {
            builder.Services.AddKeyedSingleton(inspectorKey, (sp, _) => new CertificateInspector(certificates, sp.GetRequiredService<TimeProvider>()));
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp =>
            {
                var time = sp.GetRequiredService<TimeProvider>();
                if (options.Certificates is null)
                {
                    return new TcpHealthCheck(options, time);
                }

                var inspector = sp.GetRequiredKeyedService<CertificateInspector>(inspectorKey);
                return new CertificateCheck(new TcpHealthCheck(options, time, inspector), inspector, options.Target);
            },
            failureStatus,
            tags,
            timeout));
    }
}
