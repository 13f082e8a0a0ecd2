namespace HealthGateway.Api.Backplane;

/// <summary>What the backplane did since this replica started.</summary>
/// <param name="Published">Events this replica published whose own copy came back and was delivered.</param>
/// <param name="Received">Valid messages received from the channel (this replica's own included).</param>
/// <param name="LocalFallbacks">Events delivered to this replica's connections only, because it was not subscribed or Redis refused the PUBLISH.</param>
/// <param name="Unconfirmed">Events whose publish or own copy did not complete within PublishTimeout.</param>
/// <param name="Rejected">Messages on the channel that were not a valid event and were ignored.</param>
public readonly record struct BackplaneCounters(long Published, long Received, long LocalFallbacks, long Unconfirmed, long Rejected);
