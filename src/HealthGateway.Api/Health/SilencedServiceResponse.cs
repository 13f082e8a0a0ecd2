namespace HealthGateway.Api.Health;

/// <summary>
/// One entry of the readiness body's <c>silencedServices</c>: a critical (or named) service that is down or not
/// checked yet while a silence covers it, so a 200 obtained through a silence is never read as health.
/// </summary>
/// <param name="Name">The service.</param>
/// <param name="Status">Its status: Unhealthy, or Pending before its first result.</param>
/// <param name="Id">The silence's id (for <c>DELETE /silences/{id}</c>).</param>
/// <param name="Reason">Why it was silenced, as the silence says.</param>
/// <param name="Until">When the silence ends.</param>
/// <param name="Gate">False when the silence takes the service out of the readiness decision.</param>
public sealed record SilencedServiceResponse(string Name, string Status, string Id, string Reason, DateTimeOffset Until, bool Gate);
