using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Kinds.Grpc;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="GrpcHealthCheck"/>s.</summary>
public static class GrpcHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a gRPC health check named <paramref name="name"/>: one check, and so one channel, per service (a keyed
    /// singleton, disposed with the host); for https, one <see cref="CertificateInspector"/> judges the certificate.
    /// </summary>
    public static IHealthChecksBuilder AddGatewayGrpc(this IHealthChecksBuilder builder, string name, Uri url, string grpcService,
        CertificateOptions? certificates, TimeSpan timeout, string target, IEnumerable<string>? tags = null,
        HealthStatus failureStatus = HealthStatus.Unhealthy, ProxyRoute? proxy = null, OAuth2Settings? oauth2 = null)
    {
        var key = $"healthgateway:grpc:{name}";
        builder.Services.AddKeyedSingleton(key, (sp, _) =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return new GrpcHealthCheck(new GrpcHealthCheckOptions
            {
                Url = url,
                GrpcService = grpcService,
                Timeout = timeout,
                Certificates = certificates is null ? null : new CertificateInspector(certificates, time),
                Target = target,
                Proxy = proxy ?? ProxyRoute.For(null),
                OAuth2 = oauth2,
            }, time);
        });
        return builder.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredKeyedService<GrpcHealthCheck>(key), failureStatus, tags, timeout));
    }
}
