using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Tcp;

/// <summary>
/// A plain TCP connect, for dependencies that have no check of their own; with <c>Tls: true</c> a TLS handshake
/// over that connection too, its certificate judged by <paramref name="certificates"/>.
/// </summary>
public sealed class TcpHealthCheck(TcpHealthCheckOptions options, TimeProvider time, CertificateInspector? certificates = null) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
        }
        catch (SocketException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, FailureDescriber.Describe(exception, options.Target));
        }

        if (certificates is null)
        {
            return HealthCheckResult.Healthy($"TCP connect in {Durations.Millis(time.GetElapsedTime(started))}");
        }

        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        var ssl = new SslClientAuthenticationOptions { TargetHost = options.Host };
        certificates.Apply(ssl);
        var requestsBefore = certificates.ClientCertificateRequests;
        try
        {
            await tls.AuthenticateAsClientAsync(ssl, cancellationToken);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A refused certificate is said by CertificateCheck; this covers a server that does not speak TLS.
            return new HealthCheckResult(context.Registration.FailureStatus, $"TLS handshake failed ({options.Target})");
        }

        // With TLS 1.3 the client's handshake completes before the server judges the client certificate, and this
        // check reads nothing after it: a server that asked and got none is said here, not left to look Healthy.
        if (!certificates.HasClientCertificate && certificates.ClientCertificateRequests != requestsBefore)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{CertificateInspector.NoClientCertificate} ({options.Target})");
        }

        return HealthCheckResult.Healthy($"TLS handshake in {Durations.Millis(time.GetElapsedTime(started))}");
    }
}
