using HealthGateway.Checks.Kinds.Tls;

namespace HealthGateway.Checks.Kinds.Amqp;

/// <summary>Where an <see cref="AmqpHealthCheck"/> connects and how long it may take.</summary>
public sealed class AmqpHealthCheckOptions
{
    /// <summary><c>amqp://user:pass@host:5672/vhost</c> (or <c>amqps://</c>). Never shown: it holds a password.</summary>
    public required Uri ConnectionString { get; init; }

    /// <summary>The whole check's budget; RabbitMQ.Client's connect, handshake and continuation timeouts are cut to it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How the broker's certificate is judged, for <c>amqps://</c>; null for plain <c>amqp://</c>.</summary>
    public CertificateOptions? Certificates { get; init; }

    /// <summary>host:port, safe to show.</summary>
    public required string Target { get; init; }
}
