namespace HealthGateway.Checks.Kinds.Icmp;

/// <summary>The settings of an <c>icmp</c> service, besides the common ones.</summary>
public sealed class IcmpServiceOptions
{
    /// <summary>The host to ping: a name (resolved on every check) or an IPv4 or IPv6 address. No port, no scheme.</summary>
    public string? Host { get; set; }
}
