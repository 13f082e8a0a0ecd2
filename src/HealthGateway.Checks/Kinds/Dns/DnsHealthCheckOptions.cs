using DnsClient;

namespace HealthGateway.Checks.Kinds.Dns;

/// <summary>What a <see cref="DnsHealthCheck"/> asks, and whom.</summary>
public sealed class DnsHealthCheckOptions
{
    /// <summary>The name looked up.</summary>
    public required string Name { get; init; }

    /// <summary>The record type asked for.</summary>
    public required QueryType RecordType { get; init; }

    /// <summary>The server's host (an address or a name) and port; null for the system's resolvers.</summary>
    public (string Host, int Port)? Server { get; init; }

    /// <summary>An answer that must be among those returned; null when any answer will do.</summary>
    public string? Expect { get; init; }

    /// <summary>The whole check's budget, which is also the client's per-query timeout (no retries inside).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
