using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Targets;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Tcp;

/// <summary><c>tcp</c>: open a TCP connection; with <c>Tls: true</c>, complete a TLS handshake and judge the certificate.</summary>
public sealed class TcpKind : ServiceKind<TcpServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "tcp";

    /// <summary>Parses <c>tcp://host:port</c> or <c>host:port</c>.</summary>
    public static (string Host, int Port)? TryParseEndpoint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "tcp://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
               && uri.Scheme == "tcp" && !string.IsNullOrEmpty(uri.Host) && uri.Port is > 0 and <= 65535
            ? (uri.IdnHost, uri.Port)
            : null;
    }

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, TcpServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(TcpServiceOptions options, Action<string, string> problem)
    {
        options.CheckTls(problem);
        if (TryParseEndpoint(options.Url) is { } endpoint)
        {
            return $"{endpoint.Host}:{endpoint.Port}";
        }

        problem(nameof(options.Url), string.IsNullOrWhiteSpace(options.Url) ? "missing; expected tcp://host:port" : "not a tcp://host:port address");
        return null;
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, TcpServiceOptions options, CheckServices services)
    {
        var endpoint = TryParseEndpoint(options.Url)!.Value;
        var check = new TcpHealthCheckOptions
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Certificates = options.Tls ? options.ToCertificateOptions() : null,
        };
        return new OwnedCheck(CertificateChecks.Create(check.Certificates, check.Target, services.Time,
            inspector => new TcpHealthCheck(check, services.Time, inspector)));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(TcpServiceOptions options) => UrlTarget.Secrets(options.Url);
}
