namespace HealthGateway.Checks.Core.KindContract;

/// <summary>What a kind read from one service's configuration: the target to show, and the kind's settings, held once.</summary>
/// <param name="Text">Where the check goes, safe to show: host and port, or a URL without credentials or query.</param>
/// <param name="Settings">The kind's own options as bound and validated; the kind creates the check from them.</param>
public sealed record ServiceTarget(string Text, object Settings);
