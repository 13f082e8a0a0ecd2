using HealthGateway.Checks.Pipeline.Readiness;

namespace HealthGateway.Api.Health;

/// <summary>
/// One caller's question, resolved: its cache key and its scope (null: the default answer). The silences in force
/// are laid over it by <see cref="ReadinessViews.Apply"/>, never here, so every answer path sees them.
/// </summary>
/// <param name="CatalogVersion">The version of the service set the scope was resolved over.</param>
public sealed record ReadinessView(string Key, ReadinessScope? Scope, long CatalogVersion = 0)
{
    /// <summary>Every service, the critical ones required.</summary>
    public static ReadinessView Default { get; } = new("", null);

    /// <summary>The required services that hold this answer back: what a waiter wants checked often.</summary>
    public static IEnumerable<string> Missing(ReadinessSnapshot view)
    {
        // Sets, not list scans: with thousands of services a waiter must not cost required × unavailable.
        var holding = new HashSet<string>(view.UnavailableServices, StringComparer.OrdinalIgnoreCase);
        holding.UnionWith(view.PendingServices);
        return view.CriticalServices.Where(holding.Contains);
    }
}
