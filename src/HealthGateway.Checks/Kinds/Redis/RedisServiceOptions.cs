namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>The settings of a <c>redis</c> service, besides the common ones.</summary>
public sealed class RedisServiceOptions
{
    /// <summary>A StackExchange.Redis connection string such as <c>localhost:6379</c>. Never quoted: it may hold a password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Keys that must exist (checked with EXISTS after PING), for example <c>seed:done</c>.</summary>
    public List<string> ExpectKeys { get; set; } = [];
}
