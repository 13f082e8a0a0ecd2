using System.Collections.Immutable;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// The store's published state: every service's entry in a persistent list (replacing one is O(log N) and shares the
/// rest with the previous state) and the running counts the readiness verdict is read from. A result changes its own
/// entry, the counts it moves, and, when it turns a service Unhealthy or back, the root causes of the services that
/// depend on it: never a walk over every service. A reload builds a new state from scratch (<see cref="Build"/>).
/// </summary>
internal sealed class ReadinessState
{
    private readonly ServiceLayout _layout;
    private readonly Tally _tally;

    private ReadinessState(ServiceLayout layout, ImmutableList<ServiceEntry> entries, Tally tally, long version, bool stopping, DateTimeOffset now)
    {
        _layout = layout;
        _tally = tally;
        Entries = entries;
        Version = version;
        Stopping = stopping;
        var phase = stopping ? GatewayPhase.Stopping
            : tally.RequiredPending > 0 || (entries.Count > 0 && tally.Pending == entries.Count) ? GatewayPhase.Starting
            : GatewayPhase.Running;
        var ready = phase == GatewayPhase.Running && tally.RequiredDown == 0;
        var status = !ready ? HealthStatus.Unhealthy : tally.Problems > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        Snapshot = new ReadinessSnapshot(version, phase, status, ready, tally.RequiredDown == 0 && tally.RequiredPending == 0,
            entries, tally.Newest == DateTimeOffset.MinValue ? now : tally.Newest, layout.IndexOf);
    }

    public ImmutableList<ServiceEntry> Entries { get; }

    public long Version { get; }

    public bool Stopping { get; }

    /// <summary>The immutable snapshot readers see; made with the state, in O(1).</summary>
    public ReadinessSnapshot Snapshot { get; }

    /// <summary>The running counts, for tests that compare them with a full evaluation.</summary>
    public (int Pending, int RequiredPending, int RequiredDown, int Problems) Counts =>
        (_tally.Pending, _tally.RequiredPending, _tally.RequiredDown, _tally.Problems);

    /// <summary>Where <paramref name="service"/> is in <see cref="Entries"/>, or -1.</summary>
    public int IndexOf(string service) => _layout.IndexOf(service);

    /// <summary>A state over <paramref name="definitions"/> (a start or a reload): one walk, O(N).</summary>
    public static ReadinessState Build(IReadOnlyList<ServiceDefinition> definitions, Func<string, ServiceCheckResult?> reported,
        DependencyGraph graph, long version, bool stopping, DateTimeOffset now)
    {
        var layout = new ServiceLayout(definitions, graph);
        var results = definitions.Select(d => reported(d.Name)).ToArray();
        bool IsDown(string name) => layout.IndexOf(name) is var i and >= 0 && results[i]?.Status == HealthStatus.Unhealthy;
        var builder = ImmutableList.CreateBuilder<ServiceEntry>();
        var tally = Tally.Zero;
        for (var i = 0; i < definitions.Count; i++)
        {
            var entry = new ServiceEntry(definitions[i], results[i], graph.RootCause(definitions[i].Name, IsDown));
            builder.Add(entry);
            tally = tally.Add(entry, +1);
        }

        return new ReadinessState(layout, builder.ToImmutable(), tally, version, stopping, now);
    }

    /// <summary>
    /// This state with <paramref name="reported"/> as the latest result of the service at <paramref name="index"/>:
    /// O(log N), plus the services that depend on it when it turned Unhealthy or back.
    /// </summary>
    public ReadinessState With(int index, ServiceCheckResult reported, DateTimeOffset now)
    {
        var old = Entries[index];
        var entry = old with { Result = reported };
        var entries = Entries.SetItem(index, entry);
        var tally = _tally.Add(old, -1).Add(entry, +1);
        var wasDown = old.Result?.Status == HealthStatus.Unhealthy;
        if (wasDown != (reported.Status == HealthStatus.Unhealthy))
        {
            // Only this service and those that depend on it, directly or not, can have a different root cause now.
            bool IsDown(string name) => _layout.IndexOf(name) is var i and >= 0 && entries[i].Result?.Status == HealthStatus.Unhealthy;
            foreach (var affected in _layout.ThisAndDependents(old.Definition.Name))
            {
                var at = _layout.IndexOf(affected);
                var current = entries[at];
                var rootCause = _layout.Graph.RootCause(affected, IsDown);
                if (!string.Equals(current.RootCause, rootCause, StringComparison.Ordinal))
                {
                    entries = entries.SetItem(at, current with { RootCause = rootCause });
                }
            }
        }

        return new ReadinessState(_layout, entries, tally, Version + 1, Stopping, now);
    }

    /// <summary>The same results as a new version (a silence or config status changed, or the host is stopping).</summary>
    public ReadinessState Republish(bool stopping, DateTimeOffset now) => new(_layout, Entries, _tally, Version + 1, stopping, now);

    /// <summary>Counts that decide the verdict, moved by one entry coming (+1) or going (-1).</summary>
    private readonly record struct Tally(int Pending, int RequiredPending, int RequiredDown, int Problems, DateTimeOffset Newest)
    {
        public static Tally Zero => new(0, 0, 0, 0, DateTimeOffset.MinValue);

        public Tally Add(ServiceEntry entry, int sign)
        {
            var critical = entry.Definition.Critical;
            if (entry.Result is not { } result)
            {
                return this with { Pending = Pending + sign, RequiredPending = RequiredPending + (critical ? sign : 0) };
            }

            // The newest result only grows: a result leaving takes nothing back (it is replaced by a newer one).
            return this with
            {
                RequiredDown = RequiredDown + (critical && result.Status == HealthStatus.Unhealthy ? sign : 0),
                Problems = Problems + (result.Status != HealthStatus.Healthy ? sign : 0),
                Newest = sign > 0 && result.CheckedAt > Newest ? result.CheckedAt : Newest,
            };
        }
    }

    /// <summary>Positions by name and who depends on whom, fixed for one set of services (rebuilt by a reload).</summary>
    private sealed class ServiceLayout
    {
        private readonly Dictionary<string, int> _positions;
        private readonly Dictionary<string, List<string>> _dependents = new(StringComparer.OrdinalIgnoreCase);

        public ServiceLayout(IReadOnlyList<ServiceDefinition> definitions, DependencyGraph graph)
        {
            Graph = graph;
            _positions = new Dictionary<string, int>(definitions.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < definitions.Count; i++)
            {
                _positions[definitions[i].Name] = i;
            }

            foreach (var definition in definitions)
            {
                foreach (var dependency in graph.DependenciesOf(definition.Name))
                {
                    if (!_dependents.TryGetValue(dependency, out var list))
                    {
                        _dependents[dependency] = list = [];
                    }

                    list.Add(definition.Name);
                }
            }
        }

        public DependencyGraph Graph { get; }

        public int IndexOf(string name) => _positions.TryGetValue(name, out var index) ? index : -1;

        /// <summary><paramref name="service"/>, then every service that depends on it through a chain of <c>DependsOn</c>.</summary>
        public IEnumerable<string> ThisAndDependents(string service)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { service };
            var queue = new Queue<string>();
            queue.Enqueue(service);
            while (queue.TryDequeue(out var next))
            {
                if (_positions.ContainsKey(next))
                {
                    yield return next;
                }

                foreach (var dependent in _dependents.GetValueOrDefault(next) ?? [])
                {
                    if (seen.Add(dependent))
                    {
                        queue.Enqueue(dependent);
                    }
                }
            }
        }
    }
}
