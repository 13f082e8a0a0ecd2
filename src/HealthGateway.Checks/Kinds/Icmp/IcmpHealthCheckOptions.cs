namespace HealthGateway.Checks.Kinds.Icmp;

/// <summary>What an <see cref="IcmpHealthCheck"/> pings and how long it waits for the echo reply.</summary>
public sealed class IcmpHealthCheckOptions
{
    /// <summary>A host name or an address.</summary>
    public required string Host { get; init; }

    /// <summary>How long to wait for the echo reply: the service's <c>Timeout</c>.</summary>
    public required TimeSpan Timeout { get; init; }
}
