namespace HealthGateway.Checks.Configuration;

/// <summary>
/// The <c>HealthGateway</c> configuration section: global timing and the services to check.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "HealthGateway";

    /// <summary>Timeout for a service that names none of its own. Default 5 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every service is checked in the background. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A result older than this makes the next readiness request trigger one shared re-check of that service.
    /// Default 30 s: it only matters when polling has stalled.
    /// </summary>
    public TimeSpan FreshnessLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Results kept per service for <c>/health/services/{name}</c>. Default 100.</summary>
    public int HistorySize { get; set; } = 100;

    /// <summary>State transitions kept per service. Default 20.</summary>
    public int TransitionHistorySize { get; set; } = 20;

    /// <summary>The services to check, by name.</summary>
    public Dictionary<string, ServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
