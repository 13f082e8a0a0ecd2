using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

/// <summary>
/// The poller, runner and store wired by hand around scripted checks and a fake clock: pure logic, no network,
/// no sleeping.
/// </summary>
internal sealed class PollerHarness : IAsyncDisposable
{
    private readonly StoppableLifetime _lifetime = new();

    public PollerHarness(IEnumerable<(ServiceDefinition Definition, IHealthCheck Check)> services, TimeSpan? pollInterval = null,
        ICheckOwnership? ownership = null, IEnumerable<ICheckResultSink>? resultSinks = null)
    {
        var options = Options.Create(new GatewayOptions { PollInterval = pollInterval ?? TimeSpan.FromSeconds(2) });
        var registry = new HealthCheckServiceOptions();
        var definitions = new List<ServiceDefinition>();
        foreach (var (definition, check) in services)
        {
            registry.Registrations.Add(new HealthCheckRegistration(definition.Name, check, HealthStatus.Unhealthy, definition.Tags, definition.Timeout));
            definitions.Add(definition);
        }

        Catalog = new ServiceCatalog(definitions, registry, options.Value);
        Runner = new ServiceCheckRunner(new ServiceCollection().BuildServiceProvider(), new SecretRedactor([]), Time);
        Store = new HealthSnapshotStore(Catalog, options, Time, [Transitions], resultSinks ?? [], NullLogger<HealthSnapshotStore>.Instance);
        Poller = new HealthPoller(Catalog, Runner, Store, options, Time, _lifetime, ownership: ownership);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public ServiceCatalog Catalog { get; }

    public ServiceCheckRunner Runner { get; }

    public HealthSnapshotStore Store { get; }

    public HealthPoller Poller { get; }

    public RecordingTransitionSink Transitions { get; } = new();

    public static ServiceDefinition Definition(string name, bool critical = true, int failureThreshold = 1, int successThreshold = 1,
        TimeSpan? timeout = null, TimeSpan? degradedAfter = null, int retries = 0) =>
        new(name, "tcp", critical, timeout ?? TimeSpan.FromSeconds(5), degradedAfter, ["tcp"], "target:1", failureThreshold, successThreshold, retries, TimeSpan.Zero);

    /// <summary>Starts polling and waits until <paramref name="results"/> results in total have been recorded.</summary>
    public async Task StartAsync(int results = 1)
    {
        var versionBefore = Store.Current.Version;
        await Poller.StartAsync(CancellationToken.None);
        await WaitForVersionAsync(versionBefore + results);
    }

    /// <summary>Moves the fake clock by one poll interval and waits for <paramref name="results"/> new results.</summary>
    public async Task TickAsync(TimeSpan interval, int results = 1)
    {
        var versionBefore = Store.Current.Version;
        Time.Advance(interval);
        await WaitForVersionAsync(versionBefore + results);
    }

    public async Task WaitForVersionAsync(long version)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Store.Current.Version < version)
        {
            await Store.WaitForChangeAsync(Store.Current, guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lifetime.StopApplication();
        await Poller.StopAsync(CancellationToken.None);
        Poller.Dispose();
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
