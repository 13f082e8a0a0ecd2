using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// How a check kind that speaks TLS itself (tcp, websocket, amqp) registers its check: with certificate rules, one
/// <see cref="CertificateInspector"/> per service (a keyed singleton) judges the server certificate during the
/// check's handshake and a <see cref="CertificateCheck"/> reports its verdict; without, the check alone.
/// </summary>
internal static class CertificateCheckRegistration
{
    /// <summary>
    /// Adds the check named <paramref name="name"/> of kind <paramref name="kind"/>; <paramref name="create"/> builds
    /// it from the clock and the inspector (null without <paramref name="certificates"/>).
    /// </summary>
    public static IHealthChecksBuilder AddWithCertificates(this IHealthChecksBuilder builder, string kind, string name,
        CertificateOptions? certificates, string target, Func<TimeProvider, CertificateInspector?, IHealthCheck> create,
        TimeSpan timeout, IEnumerable<string>? tags, HealthStatus failureStatus) =>
        builder.AddWithCertificates(kind, name, certificates, target,
            (IServiceProvider sp, CertificateInspector? inspector) => create(sp.GetRequiredService<TimeProvider>(), inspector), timeout, tags, failureStatus);

    /// <summary>As the overload above, for a check that takes more than the clock from the service's container.</summary>
    public static IHealthChecksBuilder AddWithCertificates(this IHealthChecksBuilder builder, string kind, string name,
        CertificateOptions? certificates, string target, Func<IServiceProvider, CertificateInspector?, IHealthCheck> create,
        TimeSpan timeout, IEnumerable<string>? tags, HealthStatus failureStatus)
    {
        var inspectorKey = $"healthgateway:{kind}:{name}:certificate";
        if (certificates is not null)
        {
            builder.Services.AddKeyedSingleton(inspectorKey, (sp, _) => new CertificateInspector(certificates, sp.GetRequiredService<TimeProvider>()));
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp =>
            {
                if (certificates is null)
                {
                    return create(sp, null);
                }

                var inspector = sp.GetRequiredKeyedService<CertificateInspector>(inspectorKey);
                return new CertificateCheck(create(sp, inspector), inspector, target);
            },
            failureStatus,
            tags,
            timeout));
    }
}
