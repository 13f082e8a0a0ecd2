using DnsClient;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Dns;

/// <summary><c>dns</c>: look a name up (A, AAAA, CNAME, MX, TXT or SRV), optionally expecting one answer.</summary>
public sealed class DnsKind : ServiceKind<DnsServiceOptions>
{
    private const int DefaultPort = 53;

    private static readonly Dictionary<string, QueryType> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = QueryType.A,
        ["AAAA"] = QueryType.AAAA,
        ["CNAME"] = QueryType.CNAME,
        ["MX"] = QueryType.MX,
        ["TXT"] = QueryType.TXT,
        ["SRV"] = QueryType.SRV,
    };

    /// <inheritdoc />
    public override string Name => "dns";

    /// <summary>Parses <c>host:port</c>, <c>host</c> (port 53), or <c>[::1]:port</c>.</summary>
    public static (string Host, int Port)? TryParseServer(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (System.Net.IPAddress.TryParse(trimmed, out var bare) && bare.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return (bare.ToString(), DefaultPort);
        }

        return Uri.TryCreate("dns://" + trimmed, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
               && uri.AbsolutePath is "/" or "" && string.IsNullOrEmpty(uri.UserInfo) && uri.Port is -1 or (> 0 and <= 65535)
            ? (uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.IdnHost, uri.Port == -1 ? DefaultPort : uri.Port)
            : null;
    }

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, DnsServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(DnsServiceOptions options, Action<string, string> problem)
    {
        var valid = true;
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            problem(nameof(options.Name), "missing; expected the name to look up, such as api.internal");
            valid = false;
        }
        else if (options.Name.Trim() is var name && (name.Length > 253 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || name.Contains("://", StringComparison.Ordinal)))
        {
            problem(nameof(options.Name), $"{ConfigurationText.Quote(options.Name)} is not a DNS name; expected a name such as api.internal");
            valid = false;
        }

        if (options.RecordType is { } type && !s_types.ContainsKey(type.Trim()))
        {
            problem(nameof(options.RecordType), $"{ConfigurationText.Quote(type)} is not one of {string.Join(", ", s_types.Keys)}");
            valid = false;
        }

        var server = TryParseServer(options.Server);
        if (!string.IsNullOrWhiteSpace(options.Server) && server is null)
        {
            problem(nameof(options.Server), $"{ConfigurationText.Quote(options.Server)} is not host:port; expected such as 10.0.0.2:53");
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        return server is { } at ? $"{options.Name!.Trim()} at {at.Host}:{at.Port}" : options.Name!.Trim();
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, DnsServiceOptions options, CheckServices services) =>
        new(new DnsHealthCheck(new DnsHealthCheckOptions
        {
            Name = options.Name!.Trim(),
            RecordType = options.RecordType is { } type ? s_types[type.Trim()] : QueryType.A,
            Server = TryParseServer(options.Server),
            Expect = string.IsNullOrWhiteSpace(options.Expect) ? null : options.Expect.Trim(),
            Timeout = definition.Timeout,
        }, services.Time));

    /// <inheritdoc />
    public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) =>
        exception is DnsResponseException dns ? DnsHealthCheck.Describe(dns, string.Empty, suffix) : null;
}
