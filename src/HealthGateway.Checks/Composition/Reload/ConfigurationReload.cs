namespace HealthGateway.Checks.Composition.Reload;

/// <summary>One configuration reload, as <see cref="IConfigurationReloadSink"/>s hear of it.</summary>
/// <param name="Outcome">Applied, rejected or unchanged.</param>
/// <param name="At">When it happened.</param>
/// <param name="Added">Services that started being checked.</param>
/// <param name="Removed">Services that are no longer checked.</param>
/// <param name="Changed">Services whose settings changed: they start afresh, history kept.</param>
/// <param name="Error">Why it was rejected, naming the service and the field, without secrets; null otherwise.</param>
public sealed record ConfigurationReload(
    ConfigurationReloadOutcome Outcome,
    DateTimeOffset At,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    string? Error);
