namespace HealthGateway.Checks.Configuration;

/// <summary>
/// One service under <c>HealthGateway:Services:{name}</c>. Which target field applies depends on <see cref="Kind"/>.
/// </summary>
public sealed class ServiceOptions
{
    /// <summary>http, websocket, postgres, redis or tcp (see <see cref="ServiceKinds"/>).</summary>
    public string? Kind { get; set; }

    /// <summary>Target of http (http/https), websocket (ws/wss) and tcp (<c>tcp://host:port</c> or <c>host:port</c>) checks.</summary>
    public string? Url { get; set; }

    /// <summary>Target of postgres (Npgsql format) and redis (StackExchange.Redis format) checks.</summary>
    public string? ConnectionString { get; set; }

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

    /// <summary>http: the status codes that count as up, e.g. <c>200-299</c> or <c>200,204,401</c>. Default 200-299.</summary>
    public string? ExpectedStatusCodes { get; set; }

    /// <summary>http and websocket: request headers to send (for example an Authorization header).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>websocket: the subprotocol to request.</summary>
    public string? Subprotocol { get; set; }

    /// <summary>websocket: a text message sent after connecting; the check then waits for a reply.</summary>
    public string? SendMessage { get; set; }

    /// <summary>websocket: text the reply must contain. Without it any reply counts.</summary>
    public string? ExpectMessage { get; set; }

    /// <summary>Consecutive failures before the service is reported Unhealthy. Default 1: a gate reports the truth at once.</summary>
    public int FailureThreshold { get; set; } = 1;

    /// <summary>Consecutive successes before an Unhealthy service is reported up again. Default 1.</summary>
    public int SuccessThreshold { get; set; } = 1;

    /// <summary>Retries of a failed attempt inside the timeout. Default 1.</summary>
    public int Retries { get; set; } = 1;

    /// <summary>Pause before a retry. Default 50 ms, so a refused connection is still reported in milliseconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
