namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>Where a <see cref="RedisHealthCheck"/> connects and how long it may take.</summary>
public sealed class RedisHealthCheckOptions
{
    /// <summary>A StackExchange.Redis connection string. Never shown: it may hold a password.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The whole check's budget; also bounds the client's connect and command timeouts.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>host:port, safe to show.</summary>
    public required string Target { get; init; }

    /// <summary>Keys that must exist; none by default.</summary>
    public IReadOnlyList<string> ExpectKeys { get; init; } = [];
}
