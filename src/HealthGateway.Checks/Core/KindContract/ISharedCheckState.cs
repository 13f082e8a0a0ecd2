namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// State a kind keeps for the whole gateway rather than per service (the push kind's heartbeat board): registered
/// once in the gateway's container, and handed to every check a kind creates (<see cref="CheckServices.Shared{T}"/>)
/// as the same instance.
/// </summary>
public interface ISharedCheckState
{
    /// <summary>The type the checks resolve it as.</summary>
    Type ServiceType { get; }
}
