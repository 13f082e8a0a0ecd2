using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>The fleet's Redis keys and channel, all under one prefix (<see cref="FleetOptions.KeyPrefix"/>).</summary>
internal sealed class FleetKeys(string prefix)
{
    /// <summary>The set of member ids; an id whose member key has expired is removed by whoever notices.</summary>
    public RedisKey Members { get; } = $"{prefix}:members";

    /// <summary>The latest result of every service, field <c>name\nfingerprint</c>.</summary>
    public RedisKey Results { get; } = $"{prefix}:results";

    /// <summary>The latest heartbeat of every push service, field <c>name\nfingerprint</c>.</summary>
    public RedisKey Heartbeats { get; } = $"{prefix}:heartbeats";

    /// <summary>Results, and requests to check or hurry, for every member.</summary>
    public RedisChannel Channel { get; } = RedisChannel.Literal(prefix);

    /// <summary>One member's heartbeat, expiring after the member timeout.</summary>
    public RedisKey Member(string replica) => $"{prefix}:member:{replica}";

    /// <summary>The fingerprints (field = service) of one set of settings, so members with other settings can be compared per service.</summary>
    public RedisKey Config(string config) => $"{prefix}:config:{config}";

    /// <summary>A transition id claimed for one webhook.</summary>
    public RedisKey Claim(string key) => $"{prefix}:claim:{key}";

    public static RedisValue ResultField(string service, string fingerprint) => $"{service.ToLowerInvariant()}\n{fingerprint}";
}
