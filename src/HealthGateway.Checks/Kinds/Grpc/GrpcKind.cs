using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Grpc;

/// <summary><c>grpc</c>: ask the standard gRPC health service (<c>grpc.health.v1.Health/Check</c>); SERVING is Healthy.</summary>
public sealed class GrpcKind : ServiceKind<GrpcServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "grpc";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(GrpcServiceOptions.Proxy)];

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, GrpcServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(GrpcServiceOptions options, Action<string, string> problem)
    {
        var url = UrlTarget.TryParse(options.Url, ["http", "https"], problem);
        options.CheckTls(problem);
        HttpReach.Check(options.Proxy, options.OAuth2, problem);
        if (url is not null && url.AbsolutePath.Length > 1)
        {
            // Grpc.Net.Client would silently prefix every call with the path; a health service lives at the root.
            problem(nameof(options.Url), $"{ConfigurationText.Quote(UrlTarget.Safe(url))} has a path; expected http://host:port or https://host:port");
            return null;
        }

        return url is null ? null : $"{url.IdnHost}:{url.Port}";
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, GrpcServiceOptions options, CheckServices services)
    {
        // One check, and so one channel, per service, disposed with it; for https one inspector judges the certificate.
        var url = new Uri(options.Url!);
        var certificates = url.Scheme == Uri.UriSchemeHttps ? options.ToCertificateOptions() : null;
        var check = new GrpcHealthCheck(new GrpcHealthCheckOptions
        {
            Url = url,
            GrpcService = options.GrpcService ?? string.Empty,
            Timeout = definition.Timeout,
            Certificates = certificates is null ? null : new CertificateInspector(certificates, services.Time),
            Target = definition.Target,
            Proxy = ProxyRoute.For(options.Proxy),
            OAuth2 = options.OAuth2,
        }, services.Time);
        return new OwnedCheck(check, check);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(GrpcServiceOptions options) => HttpReach.Secrets(options.Url, options.Proxy, options.OAuth2);
}
