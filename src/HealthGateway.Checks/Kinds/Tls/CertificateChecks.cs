using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// How a check kind that speaks TLS itself (tcp, websocket, amqp, mqtt) creates its check: with certificate rules, one
/// <see cref="CertificateInspector"/> per service judges the server certificate during the check's handshake and a
/// <see cref="CertificateCheck"/> reports its verdict; without, the check alone.
/// </summary>
internal static class CertificateChecks
{
    /// <summary>
    /// The one check of a service: with <paramref name="certificates"/>, the check <paramref name="create"/> builds over
    /// an inspector of its own, wrapped in a <see cref="CertificateCheck"/>; without, the check alone.
    /// </summary>
    public static IHealthCheck Create(CertificateOptions? certificates, string target, TimeProvider time, Func<CertificateInspector?, IHealthCheck> create)
    {
        if (certificates is null)
        {
            return create(null);
        }

        var inspector = new CertificateInspector(certificates, time);
        return new CertificateCheck(create(inspector), inspector, target);
    }
}
