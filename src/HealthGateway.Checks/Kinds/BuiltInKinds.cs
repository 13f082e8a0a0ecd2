using HealthGateway.Checks.Amqp;
using HealthGateway.Checks.Dns;
using HealthGateway.Checks.Grpc;
using HealthGateway.Checks.Http;
using HealthGateway.Checks.Icmp;
using HealthGateway.Checks.Mqtt;
using HealthGateway.Checks.MySql;
using HealthGateway.Checks.Postgres;
using HealthGateway.Checks.Push;
using HealthGateway.Checks.Redis;
using HealthGateway.Checks.Tcp;
using HealthGateway.Checks.WebSockets;

namespace HealthGateway.Checks.Kinds;

/// <summary>
/// The composition of check kinds: one line per kind. Adding a kind is its folder plus one line here (see
/// <see cref="IServiceKind"/> for what the folder holds).
/// </summary>
public static class BuiltInKinds
{
    /// <summary>A fresh list of the built-in kinds, in the order their names are listed in errors.</summary>
    public static IReadOnlyList<IServiceKind> Create() =>
    [
        new HttpKind(),
        new WebSocketKind(),
        new PostgresKind(),
        new RedisKind(),
        new TcpKind(),
        new GrpcKind(),
        new MySqlKind(),
        new AmqpKind(),
        new DnsKind(),
        new MqttKind(),
        new PushKind(),
        new IcmpKind(),
    ];
}
