namespace HealthGateway.Checks.Core.Model;

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

    /// <summary>
    /// At most this many checks run at once; the others wait for a slot, each at most its own timeout (then it is
    /// reported Unhealthy, saying it got no slot). With more services than this, first checks are also spread over
    /// the poll interval instead of all starting at once. Default 256.
    /// </summary>
    public int MaxConcurrentChecks { get; set; } = 256;

    /// <summary>Results kept per service for <c>/health/services/{name}</c>. Default 100.</summary>
    public int HistorySize { get; set; } = 100;

    /// <summary>State transitions kept per service. Default 20.</summary>
    public int TransitionHistorySize { get; set; } = 20;

    /// <summary>
    /// While at least one caller waits (<c>?wait=</c>) on a service that is not ready, that service is checked
    /// this often instead of every <see cref="PollInterval"/>, one check for all waiters. Default 250 ms.
    /// </summary>
    public TimeSpan WaitPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the settings files (appsettings.json and the <c>--config</c> file) are looked at for a change, which
    /// is then applied without a restart. Default 1 s. Polled rather than watched, so a Kubernetes ConfigMap's
    /// symlink swap is seen too.
    /// </summary>
    public TimeSpan ConfigReloadInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Named sets of services, each served at <c>/health/ready/{group}</c>, every member required.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The services to check, by name.</summary>
    public Dictionary<string, ServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
