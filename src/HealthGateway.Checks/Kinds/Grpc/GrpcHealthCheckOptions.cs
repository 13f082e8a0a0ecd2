using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Grpc;

/// <summary>Where a <see cref="GrpcHealthCheck"/> asks <c>grpc.health.v1.Health/Check</c> and how long it may take.</summary>
public sealed class GrpcHealthCheckOptions
{
    /// <summary><c>http://host:port</c> (plaintext HTTP/2) or <c>https://host:port</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>The service name asked about; empty asks about the whole server.</summary>
    public string GrpcService { get; init; } = string.Empty;

    /// <summary>The whole check's budget; also the connect timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How an https server's certificate is judged; null for http, or for https with the system's default validation.</summary>
    public CertificateInspector? Certificates { get; init; }

    /// <summary>How the channel reaches the server: the service's proxy, none, or the environment's.</summary>
    public ProxyRoute Proxy { get; init; } = ProxyRoute.For(null);

    /// <summary>OAuth2 client credentials whose token is sent as Bearer; null sends none.</summary>
    public OAuth2Settings? OAuth2 { get; init; }

    /// <summary>host:port, safe to show.</summary>
    public required string Target { get; init; }
}
