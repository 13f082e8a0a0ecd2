using System.Collections.Concurrent;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Readiness;
using HealthGateway.Checks.Snapshots;

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
                return (null, $"no group named '{(group.Length > 100 ? group[..100] : group)}'; "
                              + (groups.Count == 0 ? "no groups are configured (HealthGateway:Groups)" : $"known groups: {string.Join(", ", groups)}"), true);
            }

            // A member that is disabled is out of the gate, as everywhere else; validation ensured it exists.
            var enabled = members.Where(m => definitions.Any(d => string.Equals(d.Name, m, StringComparison.OrdinalIgnoreCase))).ToList();
            if (enabled.Count == 0 && selection.Services.Count == 0 && selection.Tags.Count == 0)
            {
                return (Remember(key, new ReadinessView(key, new ReadinessScope([], new HashSet<string>()))), null, false);
            }

            selection = selection with { Services = [.. enabled, .. selection.Services] };
        }

        if (selection.Resolve(definitions, out var error) is not { } scope)
        {
            return (null, error, false);
        }

        return (Remember(key, new ReadinessView(key, scope)), null, false);
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
        var body = HealthJson.ReadinessBody(narrowed, silenced.Find, overlay.ConfigStatus);
        if (_bodies.Count >= MaxCached)
        {
            _bodies.Clear();
        }

        _bodies[view.Key] = new Cached(full, silenced, body, narrowed.Ready);
        return (body, narrowed.Ready);
    }

    private ReadinessView Remember(string key, ReadinessView view)
    {
        if (_views.Count >= MaxCached)
        {
            _views.Clear();
        }

        return _views.GetOrAdd(key, view);
    }

    private sealed record Cached(ReadinessSnapshot Full, SilencedServices Silenced, byte[] Body, bool Ready);
}
