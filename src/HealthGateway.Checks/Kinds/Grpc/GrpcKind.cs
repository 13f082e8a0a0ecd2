using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        ProxySetting.Check(options.Proxy, problem);
        OAuth2Settings.Check(options.OAuth2, problem);
        if (url is not null && url.AbsolutePath.Length > 1)
        {
            // Grpc.Net.Client would silently prefix every call with the path; a health service lives at the root.
            problem(nameof(options.Url), $"{ConfigurationText.Quote(UrlTarget.Safe(url))} has a path; expected http://host:port or https://host:port");
            return null;
        }

        return url is null ? null : $"{url.IdnHost}:{url.Port}";
    }

    /// <inheritdoc />
    protected override void Register(IHealthChecksBuilder checks, ServiceDefinition definition, GrpcServiceOptions options)
    {
        var url = new Uri(options.Url!);
        checks.AddGatewayGrpc(definition.Name, url, options.GrpcService ?? string.Empty,
            url.Scheme == Uri.UriSchemeHttps ? options.ToCertificateOptions() : null, definition.Timeout, definition.Target, definition.Tags,
            proxy: ProxyRoute.For(options.Proxy), oauth2: options.OAuth2);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(GrpcServiceOptions options) => UrlTarget.Secrets(options.Url)
        .Concat(ProxySetting.Secrets(options.Proxy)).Concat(OAuth2Settings.Secrets(options.OAuth2));
}
