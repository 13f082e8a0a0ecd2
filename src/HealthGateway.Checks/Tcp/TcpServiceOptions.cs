namespace HealthGateway.Checks.Tcp;

/// <summary>The settings of a <c>tcp</c> service, besides the common ones.</summary>
public sealed class TcpServiceOptions
{
    /// <summary><c>tcp://host:port</c> or <c>host:port</c>.</summary>
    public string? Url { get; set; }
}
