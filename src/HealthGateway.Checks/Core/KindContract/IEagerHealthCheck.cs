namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// A check registered in a container (<see cref="IServiceKind.Register"/>) that its service's host creates as soon as
/// the service is configured rather than at its first run, as the push kind's was: it enrols its service for
/// heartbeats. A check a kind creates (<see cref="IServiceKind.Create"/>) is created with its service anyway. In a fleet a replica that does not own the service never runs it,
/// yet must accept the heartbeats sent to it.
/// </summary>
public interface IEagerHealthCheck;
