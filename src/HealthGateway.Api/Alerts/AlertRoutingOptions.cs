namespace HealthGateway.Api.Alerts;

/// <summary><c>HealthGateway:Alerts:*</c>: which transitions reach the webhooks.</summary>
public sealed class AlertRoutingOptions
{
    /// <summary>
    /// False (the default): while a service's root cause (a <c>DependsOn</c> service) is down, the service's own
    /// transitions are not sent; the root's are. True: they are sent too, carrying <c>rootCause</c>. Recoveries
    /// are always sent.
    /// </summary>
    public bool NotifyDependents { get; set; }
}
