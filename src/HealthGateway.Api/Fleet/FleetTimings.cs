namespace HealthGateway.Api.Fleet;

/// <summary>The fleet's periods, resolved once at start from the fleet, gateway and backplane settings.</summary>
/// <param name="MemberTimeout">How long a silent member still owns its services.</param>
/// <param name="PollInterval">The gateway's poll interval.</param>
/// <param name="WaitPollInterval">The interval while someone waits on a service.</param>
/// <param name="PublishTimeout">The Redis command budget (the backplane's).</param>
internal sealed record FleetTimings(TimeSpan MemberTimeout, TimeSpan PollInterval, TimeSpan WaitPollInterval, TimeSpan PublishTimeout)
{
    /// <summary>Heartbeats go every third of the timeout: one lost beat (a GC pause, a slow Redis) does not end membership.</summary>
    public TimeSpan Beat => MemberTimeout / 3;
}
