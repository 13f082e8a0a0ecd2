using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Grpc;

/// <summary>The settings of a <c>grpc</c> service, besides the common ones; the certificate settings apply to https.</summary>
public sealed class GrpcServiceOptions : TlsSettings
{
    /// <summary><c>http://host:port</c> (plaintext HTTP/2) or <c>https://host:port</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The service name asked of <c>grpc.health.v1.Health/Check</c>; empty (the default) asks about the whole server.</summary>
    public string? GrpcService { get; set; }

    /// <summary>
    /// The proxy: <c>http://[user:pass@]proxy:3128</c>; absent, the environment's (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>,
    /// <c>NO_PROXY</c>), as in any .NET program; <c>""</c> for none. Its credentials are secrets.
    /// </summary>
    public string? Proxy { get; set; }

    /// <summary>OAuth2 client credentials: the check sends a token from <c>TokenUrl</c> as Bearer.</summary>
    public OAuth2Settings? OAuth2 { get; set; }
}
