using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Tcp;

/// <summary>Where a <see cref="TcpHealthCheck"/> connects.</summary>
public sealed class TcpHealthCheckOptions
{
    /// <summary>Host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>When set, a TLS handshake follows the connect and the certificate is judged this way; null for plain TCP.</summary>
    public CertificateOptions? Certificates { get; init; }

    /// <summary>host:port, for descriptions.</summary>
    public string Target => $"{Host}:{Port}";
}
