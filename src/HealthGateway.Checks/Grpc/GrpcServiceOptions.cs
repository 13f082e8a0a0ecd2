using HealthGateway.Checks.Tls;

namespace HealthGateway.Checks.Grpc;

/// <summary>The settings of a <c>grpc</c> service, besides the common ones; the certificate settings apply to https.</summary>
public sealed class GrpcServiceOptions : TlsSettings
{
    /// <summary><c>http://host:port</c> (plaintext HTTP/2) or <c>https://host:port</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The service name asked of <c>grpc.health.v1.Health/Check</c>; empty (the default) asks about the whole server.</summary>
    public string? GrpcService { get; set; }
}
