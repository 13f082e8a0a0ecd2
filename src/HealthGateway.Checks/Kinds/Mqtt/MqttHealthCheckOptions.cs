using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Mqtt;

/// <summary>Where an <see cref="MqttHealthCheck"/> connects, as whom, and what it round-trips.</summary>
public sealed class MqttHealthCheckOptions
{
    /// <summary>The broker's host.</summary>
    public required string Host { get; init; }

    /// <summary>The broker's port.</summary>
    public required int Port { get; init; }

    /// <summary>The user name, or null to connect anonymously.</summary>
    public string? User { get; init; }

    /// <summary>The password, or null. Never shown.</summary>
    public string? Password { get; init; }

    /// <summary>A topic for the publish-and-receive round trip; null to connect and disconnect only.</summary>
    public string? Topic { get; init; }

    /// <summary>The whole check's budget; the client's own timeout is cut to it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How the broker's certificate is judged, for <c>mqtts://</c>; null for plain <c>mqtt://</c>.</summary>
    public CertificateOptions? Certificates { get; init; }

    /// <summary>True for <c>mqtts://</c>.</summary>
    public bool Tls { get; init; }

    /// <summary>host:port, safe to show.</summary>
    public string Target => $"{Host}:{Port}";
}
