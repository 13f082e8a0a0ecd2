namespace HealthGateway.Api.Backplane;

/// <summary>
/// The Redis backplane that lets several gateway replicas deliver each other's events, bound to
/// <c>HealthGateway:Backplane</c> and validated when the host starts (<see cref="BackplaneOptionsValidator"/>).
/// </summary>
public sealed class BackplaneOptions
{
    public const string SectionName = "HealthGateway:Backplane";

    /// <summary>The Redis channel name used unless <see cref="Channel"/> says otherwise.</summary>
    public const string DefaultChannel = "healthgateway:agent-events";

    /// <summary>
    /// StackExchange.Redis connection string (<c>redis:6379</c>, <c>redis:6379,password=…</c>). Empty: no backplane,
    /// each replica delivers only to its own connections. Never shown or logged: it may hold a password.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The pub/sub channel every replica publishes to and subscribes to (default <c>healthgateway:agent-events</c>).</summary>
    public string Channel { get; set; } = DefaultChannel;

    /// <summary>
    /// How long publishing one event may take, including this replica's own copy coming back (default 2 s); also the
    /// Redis client's connect and command timeout. While Redis is down, publishing fails at once instead.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether a backplane is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
