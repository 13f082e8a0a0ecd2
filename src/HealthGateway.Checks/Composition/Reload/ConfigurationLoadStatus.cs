namespace HealthGateway.Checks.Composition.Reload;

/// <summary>The last load of the configuration, shown in the readiness report as <c>config</c>.</summary>
/// <param name="LoadedAt">When the running configuration was loaded: at start, or by the last reload that applied or found nothing to change.</param>
/// <param name="LastError">Why the last reload was rejected, naming the service and the field; null when it was not.</param>
public sealed record ConfigurationLoadStatus(DateTimeOffset LoadedAt, string? LastError);
