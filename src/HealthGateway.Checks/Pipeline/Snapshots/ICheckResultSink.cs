using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;

namespace HealthGateway.Checks.Pipeline.Snapshots;

/// <summary>
/// Hears about every completed check (metrics, for instance), with the raw result and the one reported after
/// flap control. Called on the poller's path: return at once and never throw.
/// </summary>
public interface ICheckResultSink
{
    /// <summary>A check of <paramref name="service"/> completed.</summary>
    void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported);
}
