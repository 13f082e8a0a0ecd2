namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// The percentage of observed time a service was Healthy (0–100, three decimals) over the last hour (from one-minute
/// buckets), day and week (from one-hour buckets; the bucket a window starts in counts pro rata); null where nothing
/// was observed yet. Degraded and Unhealthy time count against it; time while pending is not observed.
/// </summary>
public sealed record ServiceUptime(double? LastHour, double? LastDay, double? LastWeek);
