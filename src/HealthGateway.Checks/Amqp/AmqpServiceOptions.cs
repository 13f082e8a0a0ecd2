namespace HealthGateway.Checks.Amqp;

/// <summary>The settings of an <c>amqp</c> service (RabbitMQ), besides the common ones.</summary>
public sealed class AmqpServiceOptions
{
    /// <summary><c>amqp://user:pass@host:5672/vhost</c> or <c>amqps://…</c>. Never quoted: it holds a password.</summary>
    public string? ConnectionString { get; set; }
}
