namespace HealthGateway.Checks.Kinds.Dns;

/// <summary>The settings of a <c>dns</c> service, besides the common ones.</summary>
public sealed class DnsServiceOptions
{
    /// <summary>The name to look up, such as <c>api.internal</c> (for SRV, <c>_sip._tcp.example.com</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The server to ask, <c>host:port</c> or <c>host</c> (port 53); the system's resolvers when absent.</summary>
    public string? Server { get; set; }

    /// <summary>A, AAAA, CNAME, MX, TXT or SRV. Default A.</summary>
    public string? RecordType { get; set; }

    /// <summary>When set, one of the answers must equal this (an address, a name, a TXT string, <c>10 mail.example.com</c> …).</summary>
    public string? Expect { get; set; }
}
