using System.Collections.Concurrent;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Health;

/// <summary>
/// Turns a caller's question (a group, a selection) into the scope it is about, and serves each question's
/// body once per (snapshot, silences), as <see cref="SilenceOverlay"/> does for the default one: a CI fleet asking
/// the same subset costs one serialisation per poll. Every answer is the caller's view over the silence overlay.
/// </summary>
public sealed class ReadinessViews(ServiceCatalog catalog, SilenceOverlay overlay)
{
    // Questions are chosen by callers: past this many distinct ones the caches start over instead of growing.
    private const int MaxCached = 256;

    private readonly ConcurrentDictionary<string, ReadinessView> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached> _bodies = new(StringComparer.Ordinal);
    private long _catalogVersion;
    private ServiceNames? _names;

    /// <summary>The view for <paramref name="group"/> (null: no group) narrowed by <paramref name="selection"/>, or why there is none.</summary>
    public (ReadinessView? View, string? Error, bool UnknownGroup) Resolve(string? group, ReadinessSelection selection)
    {
        if (group is null && selection.IsDefault)
        {
            return (ReadinessView.Default, null, false);
        }

        // A reload may have added, removed or regrouped services: the views resolved over the old set go. The set
        // is read once, so a view is built over one set only, and the key names it: a view of the old set that a
        // slow request remembers after the clear is never served for the new one.
        var (definitions, options, version) = catalog.Read();
        if (Interlocked.Exchange(ref _catalogVersion, version) != version)
        {
            _views.Clear();
        }

        var key = $"v{version}|" + (group is null ? "" : "group:" + group.ToLowerInvariant() + "|") + selection.Key;
        if (_views.TryGetValue(key, out var known))
        {
            return (known, null, false);
        }

        if (group is not null)
        {
            if (!options.Groups.TryGetValue(group, out var members))
            {
                var groups = options.Groups.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
                return (null, $"no group named '{Clip(group)}'; "
                              + (groups.Count == 0 ? "no groups are configured (HealthGateway:Groups)" : $"known groups: {string.Join(", ", groups)}"), true);
            }

            // A member that is disabled is out of the gate, as everywhere else; validation ensured it exists.
            var enabled = members.Where(m => definitions.Any(d => string.Equals(d.Name, m, StringComparison.OrdinalIgnoreCase))).ToList();
            if (enabled.Count == 0 && selection.Services.Count == 0 && selection.Tags.Count == 0)
            {
                // Vacuously ready is not ready: a group with nothing to check is a question that cannot be answered.
                return (null, $"nothing left to check: every member of group '{Clip(group)}' is disabled ({string.Join(", ", members)})", false);
            }

            selection = selection with { Services = [.. enabled, .. selection.Services] };
        }

        if (selection.Resolve(definitions, out var error) is not { } scope)
        {
            return (null, error, false);
        }

        return (Remember(key, new ReadinessView(key, scope, version)), null, false);
    }

    /// <summary>
    /// The services <paramref name="view"/> requires that a configuration reload has removed since it was resolved: a
    /// waiter on them would wait for a service that will never be checked again. Empty while the set is unchanged;
    /// after a reload the current names are gathered once per set, not once per waiter.
    /// </summary>
    public IReadOnlyList<string> RemovedFrom(ReadinessView view)
    {
        if (view.Scope is null || catalog.Version == view.CatalogVersion)
        {
            return [];
        }

        var (definitions, _, version) = catalog.Read();
        var names = Volatile.Read(ref _names);
        if (names is null || names.Version != version)
        {
            names = new ServiceNames(version, definitions.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase));
            Volatile.Write(ref _names, names);
        }

        return view.Scope.Counted.Where(s => view.Scope.IsRequired(s) && !names.Names.Contains(s.Name)).Select(s => s.Name).ToList();
    }

    /// <summary>
    /// <paramref name="full"/> as <paramref name="view"/> sees it under the silences in force: what <c>?wait=</c>
    /// waits on, so it honours <c>gate: false</c> as the answer does.
    /// </summary>
    public ReadinessSnapshot Apply(ReadinessSnapshot full, ReadinessView view) =>
        view.Scope is null ? overlay.For(full).Snapshot : SilenceOverlay.Apply(full, view.Scope, overlay.Silenced);

    /// <summary>The body and verdict of <paramref name="view"/> over <paramref name="full"/>.</summary>
    public (byte[] Body, bool Ready) Answer(ReadinessSnapshot full, ReadinessView view)
    {
        if (view.Scope is null)
        {
            var rendered = overlay.For(full);
            return (rendered.Body, rendered.Snapshot.Ready);
        }

        var silenced = overlay.Silenced;
        if (_bodies.TryGetValue(view.Key, out var cached) && ReferenceEquals(cached.Full, full) && ReferenceEquals(cached.Silenced, silenced))
        {
            return (cached.Body, cached.Ready);
        }

        var narrowed = SilenceOverlay.Apply(full, view.Scope, silenced);
        var body = HealthJson.ReadinessBody(narrowed, silenced.Find, overlay.ConfigStatus, overlay.PlacementOf);
        if (_bodies.Count >= MaxCached)
        {
            _bodies.Clear();
        }

        _bodies[view.Key] = new Cached(full, silenced, body, narrowed.Ready);
        return (body, narrowed.Ready);
    }

    private static string Clip(string text) => text.Length > 100 ? text[..100] : text;

    private ReadinessView Remember(string key, ReadinessView view)
    {
        if (_views.Count >= MaxCached)
        {
            _views.Clear();
        }

        return _views.GetOrAdd(key, view);
    }

    private sealed record ServiceNames(long Version, HashSet<string> Names);

    private sealed record Cached(ReadinessSnapshot Full, SilencedServices Silenced, byte[] Body, bool Ready);
}
