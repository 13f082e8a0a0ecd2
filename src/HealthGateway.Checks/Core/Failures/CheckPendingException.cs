namespace HealthGateway.Checks.Core.Failures;

/// <summary>
/// Thrown by a check that has nothing to judge yet (a push service before its first heartbeat): the runner returns a
/// pending result, which the poller does not record, so the service stays pending as at start.
/// </summary>
public sealed class CheckPendingException(string reason) : Exception(reason);
