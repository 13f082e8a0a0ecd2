namespace HealthGateway.Api.Tests.Fleet;

/// <summary>
/// The fleet's process-level tests run three gateways with a one-second member timeout each: alone, not beside the
/// rest of the suite, so that a handover is judged on the fleet's behaviour and not on a starved CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetProcessCollection
{
    public const string Name = "fleet processes";
}
