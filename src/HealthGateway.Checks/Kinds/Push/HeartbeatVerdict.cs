namespace HealthGateway.Checks.Kinds.Push;

/// <summary>What <see cref="HeartbeatBoard.Judge"/> decided about a heartbeat.</summary>
public enum HeartbeatVerdict
{
    /// <summary>No push service has that name.</summary>
    UnknownService,

    /// <summary>The service wants a token and this one is missing or wrong: not counted.</summary>
    WrongToken,

    /// <summary>Counted.</summary>
    Accepted,
}
