using HealthGateway.Checks.Core.KindContract;

namespace HealthGateway.Checks.Core.Model;

/// <summary>
/// The settings every service under <c>HealthGateway:Services:{name}</c> has, whatever its kind. The kind's own
/// settings (its target, headers, …) are bound by the kind itself from the same section (see <see cref="IServiceKind"/>).
/// </summary>
public sealed class ServiceOptions
{
    /// <summary>The kind of check: http, websocket, postgres, redis, tcp, or any other kind in the <see cref="ServiceKindCatalog"/>.</summary>
    public string? Kind { get; set; }

    /// <summary>A critical service that is Unhealthy makes the gateway not ready (503).</summary>
    public bool Critical { get; set; }

    /// <summary>The whole check, retries included, must finish within this. Defaults to <see cref="GatewayOptions.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>A check that succeeds but takes longer than this is Degraded. Must be shorter than the timeout.</summary>
    public TimeSpan? DegradedAfter { get; set; }

    /// <summary>Extra tags shown in the report; the kind and <c>critical</c> are added automatically.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>
    /// Services this one needs to work. When this one and one of them are both Unhealthy, its entry names the
    /// deepest one as <c>rootCause</c>. Unknown names and cycles stop start-up.
    /// </summary>
    public List<string> DependsOn { get; set; } = [];

    /// <summary>False takes the service out of the gate without deleting its configuration.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Consecutive failures before the service is reported Unhealthy. Default 1: a gate reports the truth at once.</summary>
    public int FailureThreshold { get; set; } = 1;

    /// <summary>Consecutive successes before an Unhealthy service is reported up again. Default 1.</summary>
    public int SuccessThreshold { get; set; } = 1;

    /// <summary>Retries of a failed attempt inside the timeout. Default 1.</summary>
    public int Retries { get; set; } = 1;

    /// <summary>Pause before a retry. Default 50 ms, so a refused connection is still reported in milliseconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
