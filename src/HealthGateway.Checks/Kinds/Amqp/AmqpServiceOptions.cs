using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Amqp;

/// <summary>
/// The settings of an <c>amqp</c> service (RabbitMQ), besides the common ones; the certificate settings apply to an
/// <c>amqps://</c> connection string and are still validated, but unused, for <c>amqp://</c>.
/// </summary>
public sealed class AmqpServiceOptions : TlsSettings
{
    /// <summary><c>amqp://user:pass@host:5672/vhost</c> or <c>amqps://…</c>. Never quoted: it holds a password.</summary>
    public string? ConnectionString { get; set; }
}
