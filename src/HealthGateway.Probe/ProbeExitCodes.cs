namespace HealthGateway.Probe;

/// <summary>
/// What the probe exits with; the gateway's own <c>probe</c> verb exits with the same numbers. A container runtime
/// counts every non-zero code as a failed check; the split tells a person (or a script) which kind of failure.
/// </summary>
internal static class ProbeExitCodes
{
    /// <summary>The endpoint answered 2xx, or the status <c>--expect</c> names.</summary>
    public const int Up = 0;

    /// <summary>The endpoint answered, with any other status (503 from a gateway that is not ready).</summary>
    public const int Down = 1;

    /// <summary>No HTTP answer: cannot resolve or connect, no answer within the timeout, not HTTP; or a bad command line.</summary>
    public const int NoAnswer = 2;
}
