namespace HealthGateway.Checks.Tcp;

/// <summary>Where a <see cref="TcpHealthCheck"/> connects.</summary>
public sealed class TcpHealthCheckOptions
{
    /// <summary>Host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>host:port, for descriptions.</summary>
    public string Target => $"{Host}:{Port}";
}
