using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Composition.Reload;

/// <summary>
/// Owns the <see cref="ServiceCheckHost"/> of every configured service: created at start and by reloads, disposed
/// when a reload removes or replaces the service (once its last check has ended) and when the gateway stops.
/// </summary>
/// <param name="gateway">The gateway's container, whose shared services each host uses.</param>
public sealed class ServiceCheckHosts(IServiceProvider gateway) : IAsyncDisposable
{
    private static readonly TimeSpan RetireMargin = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceCheckHost> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Task> _retiring = [];

    // One for every service: the checks kinds create share the gateway's clock, redactor and shared state.
    private readonly CheckServices _shared = new(gateway.GetRequiredService<TimeProvider>(), gateway.GetService<SecretRedactor>(),
        gateway.GetServices<ISharedCheckState>());

    /// <summary>Creates the host of <paramref name="service"/>; an earlier host of the same name must have been retired.</summary>
    public MonitoredService Add(ConfiguredService service, string fingerprint) => Adopt(Create(service, fingerprint));

    /// <summary>
    /// Creates the host of <paramref name="service"/> without taking it in yet: a reload builds every new host
    /// before it changes anything, so one that fails to build leaves the running services as they were.
    /// </summary>
    public ServiceCheckHost Create(ConfiguredService service, string fingerprint) => ServiceCheckHost.Create(service, fingerprint, gateway, _shared);

    /// <summary>Takes in a host from <see cref="Create"/>; an earlier host of the same name must have been retired.</summary>
    public MonitoredService Adopt(ServiceCheckHost host)
    {
        lock (_gate)
        {
            _hosts[host.Service.Definition.Name] = host;
        }

        return host.Service;
    }

    /// <summary>Disposes hosts from <see cref="Create"/> that a failed reload will not use; nothing ran on them.</summary>
    public void Discard(IEnumerable<ServiceCheckHost> unused)
    {
        lock (_gate)
        {
            _retiring.AddRange(unused.Select(host => host.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// Takes the host of <paramref name="name"/> out and disposes it once <paramref name="ended"/> (its schedule and
    /// its check in flight) completes, or after the service's timeout and a margin at the latest.
    /// </summary>
    public void Retire(string name, Task ended)
    {
        ServiceCheckHost? host;
        lock (_gate)
        {
            if (!_hosts.Remove(name, out host))
            {
                return;
            }

            _retiring.RemoveAll(task => task.IsCompleted);
            _retiring.Add(DisposeAfterAsync(host, ended));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ServiceCheckHost[] hosts;
        Task[] retiring;
        lock (_gate)
        {
            hosts = [.. _hosts.Values];
            retiring = [.. _retiring];
            _hosts.Clear();
        }

        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        await Task.WhenAll(retiring);
    }

    private static async Task DisposeAfterAsync(ServiceCheckHost host, Task ended)
    {
        try
        {
            // The schedule's checks were cancelled and a check's budget is its timeout, so they end within it; one
            // that ignores both is not waited for longer, and finds its connections disposed.
            await ended.WaitAsync(host.Service.Definition.Timeout + RetireMargin);
        }
        catch (Exception)
        {
            // A schedule that failed, or outlived the bound, has ended as far as this host goes: disposed all the same.
        }

        await host.DisposeAsync();
    }
}
