namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// A check its service's host creates as soon as the service is configured rather than at its first run: the push
/// kind's, which enrols its service for heartbeats. In a fleet a replica that does not own the service never runs it,
/// yet must accept the heartbeats sent to it.
/// </summary>
public interface IEagerHealthCheck;
