using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Mqtt;

/// <summary>
/// The settings of an <c>mqtt</c> service, besides the common ones; the certificate settings apply to an
/// <c>mqtts://</c> connection string and are still validated, but unused, for <c>mqtt://</c>.
/// </summary>
public sealed class MqttServiceOptions : TlsSettings
{
    /// <summary><c>mqtt://user:pass@host:1883</c> or <c>mqtts://…</c> (port 8883 by default). Never quoted: it may hold a password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>When set, the check subscribes to this topic, publishes to it and waits for its own message.</summary>
    public string? Topic { get; set; }
}
