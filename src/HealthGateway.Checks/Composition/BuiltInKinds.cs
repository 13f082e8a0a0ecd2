using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Kinds.Amqp;
using HealthGateway.Checks.Kinds.Dns;
using HealthGateway.Checks.Kinds.Grpc;
using HealthGateway.Checks.Kinds.Http;
using HealthGateway.Checks.Kinds.Icmp;
using HealthGateway.Checks.Kinds.Mqtt;
using HealthGateway.Checks.Kinds.MySql;
using HealthGateway.Checks.Kinds.Postgres;
using HealthGateway.Checks.Kinds.Push;
using HealthGateway.Checks.Kinds.Redis;
using HealthGateway.Checks.Kinds.Tcp;
using HealthGateway.Checks.Kinds.WebSockets;

namespace HealthGateway.Checks.Composition;

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

    /// <summary>
    /// Publishes the built-in kinds as <see cref="ServiceKindCatalog.BuiltIn"/> when the library loads, before any other
    /// code of it runs: the core (the catalog type, the failure describer asking the kinds) then names no kind, and
    /// every caller of <c>ServiceKindCatalog.BuiltIn</c> or <c>FailureDescriber.Describe(exception, target)</c> sees
    /// the same kinds as before.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The library's own composition, run once at load so the core needs no reference to the kinds.")]
    internal static void PublishTheBuiltInKinds() => ServiceKindCatalog.BuiltIn = new ServiceKindCatalog(Create());
}
