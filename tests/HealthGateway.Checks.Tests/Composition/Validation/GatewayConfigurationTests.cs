using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Tests.Composition.Validation;

/// <summary>
/// Start-up and reload read the services' configuration in one pass. Asking the configuration for a section's
/// children makes each provider scan every key it holds, so doing that once per service made start-up quadratic
/// (a minute for 10,000 services). These tests count those scans instead of timing anything.
/// </summary>
public sealed class GatewayConfigurationTests
{
    private const int Services = 300;

    [Fact]
    public async Task StartUpAsksTheConfigurationForChildrenAFewTimesHoweverManyServicesThereAre()
    {
        var (configuration, counting) = Configuration(Services);

        // The counter sees a per-service read: one child lookup per service and one for the list.
        foreach (var service in configuration.GetSection("HealthGateway:Services").GetChildren())
        {
            _ = service.GetChildren().ToList();
        }

        Assert.Equal(Services + 1, counting.ChildLookups);
        counting.ChildLookups = 0;

        var collection = new ServiceCollection().AddLogging().AddGatewayChecks(configuration);
        await using var provider = collection.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var catalog = provider.GetRequiredService<ServiceCatalog>();

        Assert.Equal(Services, catalog.Services.Count);
        Assert.Equal(Services, provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Services.Count);
        Assert.InRange(counting.ChildLookups, 0, 20);
    }

    [Fact]
    public async Task AReloadAsksTheConfigurationForChildrenAFewTimesHoweverManyServicesThereAre()
    {
        var (configuration, counting) = Configuration(Services);
        var collection = new ServiceCollection().AddLogging().AddSingleton<IHostApplicationLifetime, IdleLifetime>()
            .AddSingleton<IConfiguration>(configuration).AddGatewayChecks(configuration);
        await using var provider = collection.BuildServiceProvider();
        _ = provider.GetRequiredService<ServiceCatalog>();
        counting.Set("HealthGateway:Services:svc7:Url", "tcp://127.0.0.1:2");
        counting.ChildLookups = 0;

        var reload = provider.GetRequiredService<ServiceCatalogReloader>().Reload();

        Assert.Equal(["svc7"], reload.Changed);
        Assert.InRange(counting.ChildLookups, 0, 20);
    }

    [Fact]
    public void ALaterProviderOverridesAServiceAsTheConfigurationDoes()
    {
        // As HealthGateway__Services__svc1__Url in the environment overrides the file.
        var (configuration, _) = Configuration(3, new Dictionary<string, string?> { ["HealthGateway:Services:SVC1:Url"] = "tcp://127.0.0.1:9" });

        var read = GatewayConfiguration.Read(configuration);

        Assert.Equal(["svc0", "svc1", "svc2"], read.Services.Select(s => s.Key));
        Assert.Equal("tcp://127.0.0.1:9", read.Service("svc1")["Url"]);
        Assert.Equal(configuration["HealthGateway:Services:svc1:Url"], read.Service("svc1")["Url"]);
        Assert.Equal("HealthGateway:Services:svc1", read.Service("svc1").Path);
        Assert.Equal("00:00:10", read.Gateway["PollInterval"]);
    }

    [Fact]
    public void AProviderThatKeepsItsKeysElsewhereIsReadTheGeneralWay()
    {
        var (inner, _) = Configuration(2);
        var outer = new ConfigurationBuilder().AddConfiguration(inner).Add(new OpaqueSource()).Build();

        var read = GatewayConfiguration.Read(outer);

        Assert.Equal(["svc0", "svc1"], read.Services.Select(s => s.Key));
        Assert.Equal("tcp://127.0.0.1:1", read.Service("svc0")["Url"]);
        Assert.Equal("7", read.Service("svc1")["Retries"]);
    }

    private static (IConfigurationRoot Configuration, CountingProvider Counting) Configuration(int services, Dictionary<string, string?>? overrides = null)
    {
        var data = new Dictionary<string, string?> { ["HealthGateway:PollInterval"] = "00:00:10" };
        for (var i = 0; i < services; i++)
        {
            data[$"HealthGateway:Services:svc{i}:Kind"] = "tcp";
            data[$"HealthGateway:Services:svc{i}:Url"] = "tcp://127.0.0.1:1";
        }

        var counting = new CountingProvider(data);
        var builder = new ConfigurationBuilder().Add(new CountingSource(counting));
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return (builder.Build(), counting);
    }

    private sealed class IdleLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private sealed class CountingSource(CountingProvider provider) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
    }

    /// <summary>An in-memory provider that counts the child-key lookups, each of which scans every key it holds.</summary>
    private sealed class CountingProvider(Dictionary<string, string?> data) : MemoryConfigurationProvider(new MemoryConfigurationSource { InitialData = data })
    {
        public int ChildLookups { get; set; }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            ChildLookups++;
            return base.GetChildKeys(earlierKeys, parentPath);
        }
    }

    private sealed class OpaqueSource : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new OpaqueProvider();
    }

    /// <summary>A provider that answers lookups without a key table the one-pass read could use.</summary>
    private sealed class OpaqueProvider : IConfigurationProvider
    {
        private const string Key = "HealthGateway:Services:svc1:Retries";

        public bool TryGet(string key, out string? value)
        {
            value = string.Equals(key, Key, StringComparison.OrdinalIgnoreCase) ? "7" : null;
            return value is not null;
        }

        public void Set(string key, string? value)
        {
        }

        public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);

        public void Load()
        {
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var children = earlierKeys.ToList();
            if (string.Equals(parentPath, "HealthGateway:Services:svc1", StringComparison.OrdinalIgnoreCase))
            {
                children.Add("Retries");
            }

            return children;
        }
    }
}
