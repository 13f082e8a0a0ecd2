using HealthGateway.Checks.Composition;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthGateway.Checks.Tests.Composition.Reload;

/// <summary>
/// A kind creates the one check of each service (<see cref="IServiceKind.Create"/>), with no container of its own: the
/// same instance serves every run, a reload disposes the check it replaces or removes and creates the new one, and the
/// gateway's stop disposes the rest. Each check is disposed exactly once.
/// </summary>
public sealed class OwnedCheckLifetimeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EachServiceHasOneCheckWhichAReloadDisposesWhenItReplacesOrRemovesIt()
    {
        var kind = new CountingKind();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthGateway:Services:kept:Kind"] = "counted",
            ["HealthGateway:Services:kept:Address"] = "k",
            ["HealthGateway:Services:changed:Kind"] = "counted",
            ["HealthGateway:Services:changed:Address"] = "c1",
            ["HealthGateway:Services:removed:Kind"] = "counted",
            ["HealthGateway:Services:removed:Address"] = "r",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostApplicationLifetime>(new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance))
            .AddGatewayChecks(configuration, new ServiceKindCatalog([.. BuiltInKinds.Create(), kind]));
        var provider = services.BuildServiceProvider();
        try
        {
            var catalog = provider.GetRequiredService<ServiceCatalog>();
            Assert.Equal(["c1", "k", "r"], kind.Created.Select(check => check.Address).Order());

            // One instance for the service's life, whatever the number of runs.
            var kept = catalog.Services.Single(service => service.Definition.Name == "kept").Registration;
            Assert.Same(kept.Factory(provider), kept.Factory(provider));
            Assert.Same(kind.Created.Single(check => check.Address == "k"), kept.Factory(provider));

            configuration["HealthGateway:Services:changed:Address"] = "c2";
            configuration["HealthGateway:Services:removed:Enabled"] = "false";
            var reload = provider.GetRequiredService<ServiceCatalogReloader>().Reload();

            Assert.Equal(["changed"], reload.Changed);
            Assert.Equal(["removed"], reload.Removed);
            var replaced = kind.Created.Single(check => check.Address == "c1");
            var removed = kind.Created.Single(check => check.Address == "r");
            await replaced.Disposed.Task.WaitAsync(Guard);
            await removed.Disposed.Task.WaitAsync(Guard);
            var fresh = kind.Created.Single(check => check.Address == "c2");
            Assert.Same(fresh, catalog.Services.Single(service => service.Definition.Name == "changed").Registration.Factory(provider));
            Assert.Equal(0, fresh.Disposals);
            Assert.Equal(0, kind.Created.Single(check => check.Address == "k").Disposals);
        }
        finally
        {
            await provider.DisposeAsync();
        }

        // The gateway's stop disposes the checks still running; every check ever created was disposed once.
        Assert.Equal(4, kind.Created.Count);
        Assert.All(kind.Created, check => Assert.Equal(1, check.Disposals));
    }

    private sealed class CountedOptions
    {
        public string? Address { get; set; }
    }

    private sealed class CountedCheck(string address) : IHealthCheck, IDisposable
    {
        private int _disposals;

        public string Address => address;

        public int Disposals => Volatile.Read(ref _disposals);

        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());

        public void Dispose()
        {
            Interlocked.Increment(ref _disposals);
            Disposed.TrySetResult();
        }
    }

    private sealed class CountingKind : ServiceKind<CountedOptions>
    {
        private readonly List<CountedCheck> _created = [];

        public override string Name => "counted";

        public IReadOnlyList<CountedCheck> Created
        {
            get
            {
                lock (_created)
                {
                    return [.. _created];
                }
            }
        }

        protected override void Bind(IConfigurationSection service, CountedOptions options) => service.Bind(options);

        protected override string? ReadTarget(CountedOptions options, Action<string, string> problem) => options.Address;

        protected override OwnedCheck Create(ServiceDefinition definition, CountedOptions options, CheckServices services)
        {
            var check = new CountedCheck(options.Address!);
            lock (_created)
            {
                _created.Add(check);
            }

            return new OwnedCheck(check, check);
        }
    }
}
