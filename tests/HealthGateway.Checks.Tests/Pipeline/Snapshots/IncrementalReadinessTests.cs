using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

/// <summary>
/// The store keeps readiness incrementally (running counts, the changed entries only). Property-style: random
/// sequences of results (flap thresholds included), reloads that add, remove and change services and their
/// <c>DependsOn</c>, stopping, and silences taken out of the gate, and after every step the published snapshot and
/// the running counts equal a full re-evaluation by <see cref="ReadinessPolicy"/> over the same results.
/// </summary>
public sealed class IncrementalReadinessTests
{
    private static readonly HealthStatus[] Statuses = [HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Unhealthy, HealthStatus.Unhealthy];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void IncrementalReadinessEqualsAFullReEvaluationAfterEveryStep(int seed)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var generation = 0;
        var (services, options) = RandomSet(random, 12, ref generation);
        var catalog = new ServiceCatalog(services, new HealthCheckServiceOptions(), options);
        var store = new HealthSnapshotStore(catalog, Options.Create(options), time, [], [], NullLogger<HealthSnapshotStore>.Instance);
        var stopping = false;
        AssertEqualsFullEvaluation(store, catalog, stopping, random);

        for (var step = 0; step < 400; step++)
        {
            var roll = random.Next(100);
            var current = catalog.Services;
            if (roll < 85 && current.Count > 0)
            {
                var service = current[random.Next(current.Count)];
                time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 500)));
                var status = Statuses[random.Next(Statuses.Length)];
                store.Record(service.Definition, new ServiceCheckResult(status, TimeSpan.FromMilliseconds(random.Next(1, 900)),
                    $"{status} at step {step}", time.GetUtcNow(), ServiceCheckResult.NoData));
            }
            else if (roll < 98)
            {
                Reload(store, catalog, random, ref generation);
            }
            else
            {
                stopping = true;
                store.MarkStopping();
            }

            AssertEqualsFullEvaluation(store, catalog, stopping, random);
        }
    }

    private static void Reload(HealthSnapshotStore store, ServiceCatalog catalog, Random random, ref int generation)
    {
        // Keep some services unchanged, change some (a new fingerprint), drop some, add new ones; DependsOn redrawn.
        var old = catalog.Services.ToDictionary(s => s.Definition.Name, StringComparer.OrdinalIgnoreCase);
        var (fresh, options) = RandomSet(random, random.Next(0, 14), ref generation);
        var kept = new List<MonitoredService>();
        var added = new List<ServiceDefinition>();
        var changed = new List<ServiceDefinition>();
        foreach (var service in fresh)
        {
            if (old.TryGetValue(service.Definition.Name, out var before) && random.Next(2) == 0)
            {
                // Unchanged: the very same definition goes on.
                kept.Add(before);
                options.Services[before.Definition.Name].Critical = before.Definition.Critical;
                continue;
            }

            kept.Add(service);
            (old.ContainsKey(service.Definition.Name) ? changed : added).Add(service.Definition);
        }

        var removed = old.Keys.Where(name => !kept.Any(s => string.Equals(s.Definition.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
        store.Apply(kept, options, removed, added, changed);
    }

    private static (List<MonitoredService> Services, GatewayOptions Options) RandomSet(Random random, int count, ref int generation)
    {
        generation++;
        var options = new GatewayOptions();
        var services = new List<MonitoredService>();
        var names = Enumerable.Range(0, 16).Select(i => $"svc{i}").OrderBy(_ => random.Next()).Take(count).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var critical = random.Next(2) == 0;

            // Only on services listed earlier: acyclic, as validation ensures; chains of several levels happen.
            var dependsOn = names.Take(i).Where(_ => random.Next(4) == 0).ToList();
            options.Services[names[i]] = new ServiceOptions { Kind = "tcp", Critical = critical, DependsOn = dependsOn };
            var definition = PollerHarness.Definition(names[i], critical, failureThreshold: random.Next(1, 3), successThreshold: random.Next(1, 3));
            var registration = new HealthCheckRegistration(names[i], new ScriptedHealthCheck(), HealthStatus.Unhealthy, definition.Tags, definition.Timeout);
            services.Add(new MonitoredService(definition, registration, $"fp-{generation}-{i}"));
        }

        return (services, options);
    }

    private static void AssertEqualsFullEvaluation(HealthSnapshotStore store, ServiceCatalog catalog, bool stopping, Random random)
    {
        var definitions = catalog.Definitions;
        var results = new Dictionary<string, ServiceCheckResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            if (store.GetDetails(definition.Name)?.Latest is { } latest)
            {
                results[definition.Name] = latest;
            }
        }

        var actual = store.Current;
        var expected = ReadinessPolicy.Evaluate(stopping, definitions, results, actual.Version, actual.CheckedAt, store.Dependencies);
        AssertSame(expected, actual);

        var counts = store.Counts;
        Assert.Equal(expected.PendingServices.Count, counts.Pending);
        Assert.Equal(expected.PendingServices.Count(p => definitions.First(d => d.Name == p).Critical), counts.RequiredPending);
        Assert.Equal(expected.UnavailableServices.Count(u => definitions.First(d => d.Name == u).Critical), counts.RequiredDown);
        Assert.Equal(results.Values.Count(r => r.Status != HealthStatus.Healthy), counts.Problems);

        // A silence out of the gate narrows the published snapshot as it narrows the full evaluation.
        var silenced = definitions.Where(_ => random.Next(4) == 0).Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scope = ReadinessScope.Default(definitions);
        AssertSame(ReadinessPolicy.Narrow(expected, scope, silenced.Contains), ReadinessPolicy.Narrow(actual, scope, silenced.Contains));
    }

    private static void AssertSame(ReadinessSnapshot expected, ReadinessSnapshot actual)
    {
        Assert.Equal(expected.Phase, actual.Phase);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Ready, actual.Ready);
        Assert.Equal(expected.AllCriticalServicesAvailable, actual.AllCriticalServicesAvailable);
        Assert.Equal(expected.UnavailableServices, actual.UnavailableServices);
        Assert.Equal(expected.CriticalServices, actual.CriticalServices);
        Assert.Equal(expected.PendingServices, actual.PendingServices);
        Assert.Equal(expected.RootCauses, actual.RootCauses);
        Assert.Equal(expected.TotalDuration, actual.TotalDuration);
        if (expected.PendingServices.Count < expected.Entries.Count)
        {
            Assert.Equal(expected.CheckedAt, actual.CheckedAt);
        }

        Assert.Equal(
            expected.Entries.Select(e => (e.Definition.Name, e.Result, e.RootCause)),
            actual.Entries.Select(e => (e.Definition.Name, e.Result, e.RootCause)));
        foreach (var entry in expected.Entries)
        {
            Assert.Same(actual.Entries.First(e => e.Definition.Name == entry.Definition.Name), actual.Find(entry.Definition.Name.ToUpperInvariant()));
        }
    }
}
