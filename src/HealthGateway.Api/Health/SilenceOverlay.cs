using HealthGateway.Api.Silences;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Health;

/// <summary>
/// The store's whole snapshot with the silences in force laid over it (each silenced entry says so; <c>gate:
/// false</c> ones are out of the decision): the default <c>/health/ready</c> answer and the readiness gauges. Built
/// and serialised once per (snapshot, silences) pair, on the first request that sees it, and the same bytes served
/// to every other request until either changes: readiness under load costs a copy, not a serialisation.
/// </summary>
public sealed class SilenceOverlay(HealthSnapshotStore store, ActiveSilences silences, ServiceCatalogReloader reloader, ICheckOwnership? ownership = null)
{
    private Rendered? _last;

    /// <summary>Where each service is checked (the <c>cluster</c> block), in a fleet; null otherwise. A change of owners republishes the snapshot.</summary>
    public Func<string, ServicePlacement?>? PlacementOf { get; } = ownership is null ? null : ownership.Placement;

    /// <summary>The silences in force now.</summary>
    public SilencedServices Silenced => silences.Current;

    /// <summary>The overlay of the store's current snapshot.</summary>
    public Rendered Current => For(store.Current);

    /// <summary>The overlay of <paramref name="snapshot"/> under the silences in force now.</summary>
    public Rendered For(ReadinessSnapshot snapshot)
    {
        var silenced = silences.Current;
        var last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Source, snapshot) && ReferenceEquals(last.Silenced, silenced))
        {
            return last;
        }

        var rendered = new Rendered(snapshot, silenced, Apply(snapshot, null, silenced), reloader.Status, PlacementOf);
        Volatile.Write(ref _last, rendered);
        return rendered;
    }

    /// <summary>
    /// <paramref name="full"/> narrowed to <paramref name="scope"/> (null: every service, the critical ones
    /// required) without the services silenced with <c>gate: false</c>, even those a caller names; unchanged when
    /// there is nothing to do.
    /// </summary>
    public static ReadinessSnapshot Apply(ReadinessSnapshot full, ReadinessScope? scope, SilencedServices silenced)
    {
        if (!silenced.AnyOutOfGate)
        {
            return scope is null ? full : ReadinessPolicy.Narrow(full, scope);
        }

        scope ??= ReadinessScope.Default(full.Entries.Select(entry => entry.Definition).ToList());
        return ReadinessPolicy.Narrow(full, scope, silenced.IsOutOfGate);
    }

    /// <summary>The configuration's last load, shown in the body; the reloader publishes a new snapshot when it changes.</summary>
    public ConfigurationLoadStatus ConfigStatus => reloader.Status;

    /// <summary>One snapshot under one set of silences, with its body serialised when first asked for.</summary>
    public sealed class Rendered(ReadinessSnapshot source, SilencedServices silenced, ReadinessSnapshot snapshot, ConfigurationLoadStatus config,
        Func<string, ServicePlacement?>? placementOf = null)
    {
        private byte[]? _body;

        internal ReadinessSnapshot Source { get; } = source;

        internal SilencedServices Silenced { get; } = silenced;

        /// <summary>The snapshot as readiness decides it (gate-false silences applied).</summary>
        public ReadinessSnapshot Snapshot { get; } = snapshot;

        /// <summary>The UTF-8 JSON body.</summary>
        public byte[] Body => Volatile.Read(ref _body) ?? CreateBody();

        private byte[] CreateBody()
        {
            var body = HealthJson.ReadinessBody(Snapshot, Silenced.Find, config, placementOf);
            Volatile.Write(ref _body, body);
            return body;
        }
    }
}
