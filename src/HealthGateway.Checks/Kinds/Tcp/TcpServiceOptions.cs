using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Tcp;

/// <summary>The settings of a <c>tcp</c> service, besides the common ones; the certificate settings apply with <see cref="Tls"/>.</summary>
public sealed class TcpServiceOptions : TlsSettings
{
    /// <summary><c>tcp://host:port</c> or <c>host:port</c>.</summary>
    public string? Url { get; set; }

    /// <summary>After connecting, complete a TLS handshake and judge the server certificate. Default false.</summary>
    public bool Tls { get; set; }
}
