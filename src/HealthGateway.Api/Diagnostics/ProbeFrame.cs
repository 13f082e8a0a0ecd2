namespace HealthGateway.Api.Diagnostics;

/// <summary>The fields of an event frame the notifier self-check compares with what it sent.</summary>
internal sealed record ProbeFrame(string? Type, string? User, string? RunId, long Sequence);
