using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Icmp;

/// <summary><c>icmp</c>: send one ICMP echo request (a ping) to <c>Host</c> and say the round-trip time.</summary>
public sealed class IcmpKind : ServiceKind<IcmpServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "icmp";

    /// <summary>The host as it is pinged: trimmed, an IPv6 literal without brackets; null when it is not a host.</summary>
    public static string? TryParseHost(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var host = text.Trim();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 ? host : null;
    }

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, IcmpServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(IcmpServiceOptions options, Action<string, string> problem)
    {
        if (TryParseHost(options.Host) is { } host)
        {
            return host;
        }

        problem(nameof(options.Host), string.IsNullOrWhiteSpace(options.Host)
            ? "missing; expected a host name or address, such as 10.0.0.1"
            : $"{ConfigurationText.Quote(options.Host)} is not a host name or address (no scheme, no port); expected such as 10.0.0.1");
        return null;
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, IcmpServiceOptions options, CheckServices services) =>
        new(new IcmpHealthCheck(new IcmpHealthCheckOptions
        {
            Host = TryParseHost(options.Host)!,
            Timeout = definition.Timeout,
        }, services.Time));
}
