namespace HealthGateway.Api.Fleet;

/// <summary>
/// How replicas that share the Redis backplane (<c>HealthGateway:Backplane:Redis</c>) share the checks, bound to
/// <c>HealthGateway:Fleet</c> and validated on start. Without a backplane there is no fleet: each replica checks
/// everything itself, as with <see cref="Enabled"/> false.
/// </summary>
public sealed class FleetOptions
{
    public const string SectionName = "HealthGateway:Fleet";

    /// <summary>Whether replicas on the backplane form one fleet (default true). False: each checks and alerts on its own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a replica that stopped heartbeating (killed, frozen, cut off) still owns its services; its services
    /// move to the others after it. Default: 3 × <c>PollInterval</c>. Heartbeats go every third of it.
    /// </summary>
    public TimeSpan? MemberTimeout { get; set; }

    /// <summary>The prefix of the fleet's Redis keys and its channel (default <c>healthgateway:fleet</c>): two fleets on one Redis need two.</summary>
    public string KeyPrefix { get; set; } = "healthgateway:fleet";

    /// <summary>How long a claimed transition id is remembered in Redis (default 1 hour): a webhook is sent once per id within it.</summary>
    public TimeSpan TransitionClaimTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The member timeout in force: <see cref="MemberTimeout"/>, or 3 × <paramref name="pollInterval"/>.</summary>
    public TimeSpan EffectiveMemberTimeout(TimeSpan pollInterval) => MemberTimeout ?? pollInterval * 3;
}
