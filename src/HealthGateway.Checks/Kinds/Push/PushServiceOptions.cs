namespace HealthGateway.Checks.Kinds.Push;

/// <summary>The settings of a <c>push</c> (heartbeat) service, besides the common ones.</summary>
public sealed class PushServiceOptions
{
    /// <summary>A heartbeat must arrive at least this often; without one for longer, the service is Unhealthy. Required.</summary>
    public TimeSpan? Within { get; set; }

    /// <summary>When set, a heartbeat must carry it (<c>X-Heartbeat-Token</c> or <c>?token=</c>). A secret.</summary>
    public string? Token { get; set; }
}
