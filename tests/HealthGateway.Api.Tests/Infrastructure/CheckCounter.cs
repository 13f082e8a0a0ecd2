using System.Collections.Concurrent;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>
/// Counts completed checks per service, so a test can wait for "five more polls" (steady state) by events
/// rather than by sleeping. Register with <see cref="Register"/> in <c>GatewaySettings.StartAsync</c>.
/// </summary>
public sealed class CheckCounter : ICheckResultSink
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    public void Register(IServiceCollection services) => services.AddSingleton<ICheckResultSink>(this);

    public int Count(string service) => _counts.GetValueOrDefault(service);

    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported) =>
        _counts.AddOrUpdate(service.Name, 1, (_, count) => count + 1);

    /// <summary>Waits until <paramref name="service"/> has been checked <paramref name="more"/> more times (bounded).</summary>
    public Task WaitForMoreChecksAsync(string service, int more, TimeSpan? within = null)
    {
        var target = Count(service) + more;
        return Eventually.ReturnsAsync(() => Count(service), count => count >= target, $"{service} has been checked {target} times", within);
    }
}
