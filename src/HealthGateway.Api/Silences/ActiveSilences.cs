using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Silences;

/// <summary>
/// The silences in force, for the paths that cannot wait for Redis: readiness, the dashboard's view of it and the
/// webhook dispatcher ask <see cref="Current"/>, a field read. The store replaces the list after each change it
/// makes and, with Redis, after each refresh; a silence ends by itself at its <c>until</c> on the injected clock.
/// </summary>
public sealed class ActiveSilences(ServiceCatalog catalog, TimeProvider time)
{
    private IReadOnlyList<Silence> _silences = [];
    private View? _view;

    /// <summary>The clock silences start and end on.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Which services are silenced now.</summary>
    public SilencedServices Current
    {
        get
        {
            var silences = Volatile.Read(ref _silences);
            var view = Volatile.Read(ref _view);
            var now = time.GetUtcNow();
            if (view is not null && ReferenceEquals(view.Source, silences) && view.CatalogVersion == catalog.Version && now < view.Services.ValidUntil)
            {
                return view.Services;
            }

            // Tags match the services configured now: a reload may have added one a silence's tag covers.
            var version = catalog.Version;
            var services = SilencedServices.Build(silences, catalog.Definitions, now);
            Volatile.Write(ref _view, new View(silences, version, services));
            return services;
        }
    }

    /// <summary>Replaces the known silences (expired ones may be among them: they simply cover nothing).</summary>
    public void Replace(IReadOnlyList<Silence> silences)
    {
        var known = Volatile.Read(ref _silences);
        if (known.Count == silences.Count && known.Zip(silences).All(pair => pair.First.Id == pair.Second.Id && pair.First.Until == pair.Second.Until))
        {
            // A Redis refresh that found nothing new keeps the view, and so readiness's cached body.
            return;
        }

        Volatile.Write(ref _silences, silences);
    }

    private sealed record View(IReadOnlyList<Silence> Source, long CatalogVersion, SilencedServices Services);
}
