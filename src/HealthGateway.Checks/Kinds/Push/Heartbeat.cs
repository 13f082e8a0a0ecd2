namespace HealthGateway.Checks.Kinds.Push;

/// <summary>One heartbeat a job sent.</summary>
/// <param name="At">When the gateway received it.</param>
/// <param name="Failed">True when the job reported a failure (<c>{"status":"fail"}</c>).</param>
/// <param name="Message">What the job said, if anything, already shortened.</param>
public sealed record Heartbeat(DateTimeOffset At, bool Failed, string? Message);
