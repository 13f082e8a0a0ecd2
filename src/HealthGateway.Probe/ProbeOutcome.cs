namespace HealthGateway.Probe;

/// <summary>How the probe ends: its exit code and the one line it prints on stderr.</summary>
internal readonly record struct ProbeOutcome(int ExitCode, string Line);
