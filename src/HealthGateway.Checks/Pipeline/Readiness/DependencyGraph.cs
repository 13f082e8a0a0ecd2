using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Text;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// Which service depends on which (<c>DependsOn</c>), so that a service that is down because another one is down
/// is reported as such. Acyclic by validation (<see cref="Validate"/>).
/// </summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _dependsOn;

    /// <summary>Builds the graph from name → direct dependencies.</summary>
    public DependencyGraph(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn) =>
        _dependsOn = new Dictionary<string, IReadOnlyList<string>>(dependsOn, StringComparer.OrdinalIgnoreCase);

    /// <summary>No service depends on another.</summary>
    public static DependencyGraph Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The graph of the enabled services in <paramref name="options"/> (a disabled dependency is left out).</summary>
    public static DependencyGraph From(GatewayOptions options)
    {
        var enabled = options.Services.Where(s => s.Value.Enabled).Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new DependencyGraph(options.Services
            .Where(s => s.Value.Enabled && s.Value.DependsOn.Count > 0)
            .ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value.DependsOn.Where(enabled.Contains).ToList(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The direct dependencies of <paramref name="service"/>.</summary>
    public IReadOnlyList<string> DependenciesOf(string service) => _dependsOn.TryGetValue(service, out var list) ? list : [];

    /// <summary>
    /// The deepest unhealthy service that <paramref name="service"/> depends on through a chain of unhealthy
    /// services, or null when <paramref name="service"/> is not unhealthy or none of its dependencies is.
    /// </summary>
    public string? RootCause(string service, Func<string, bool> isUnhealthy)
    {
        if (!isUnhealthy(service) || !DependenciesOf(service).Any(isUnhealthy))
        {
            return null;
        }

        return Deepest(service, isUnhealthy, new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase)).Root;
    }

    /// <summary>
    /// Every problem with <c>DependsOn</c> in <paramref name="options"/>: unknown names and cycles, each naming the
    /// service, the field and (for a cycle) the chain, e.g. <c>a -> b -> a</c>.
    /// </summary>
    public static IReadOnlyList<string> Validate(GatewayOptions options)
    {
        var errors = new List<string>();
        var known = options.Services.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, service) in options.Services)
        {
            foreach (var dependency in service.DependsOn.Where(d => !known.Contains(d)))
            {
                errors.Add($"HealthGateway:Services:{name}:DependsOn: unknown service '{dependency}'; known services: {NameList.Brief(known.Order(StringComparer.OrdinalIgnoreCase))}");
            }
        }

        // Depth-first search; a dependency found on the current path closes a cycle.
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();
        foreach (var name in options.Services.Keys)
        {
            if (FindCycle(name, options, done, path) is { } cycle)
            {
                errors.Add($"HealthGateway:Services:{cycle[0]}:DependsOn: dependency cycle {string.Join(" -> ", cycle)}");
                break;
            }
        }

        return errors;
    }

    private static List<string>? FindCycle(string name, GatewayOptions options, HashSet<string> done, List<string> path)
    {
        var onPath = path.FindIndex(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
        if (onPath >= 0)
        {
            return [.. path[onPath..], path[onPath]];
        }

        if (done.Contains(name) || !options.Services.TryGetValue(name, out var service))
        {
            return null;
        }

        path.Add(name);
        foreach (var dependency in service.DependsOn)
        {
            if (FindCycle(dependency, options, done, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(name);
        return null;
    }

    private (string Root, int Depth) Deepest(string service, Func<string, bool> isUnhealthy, Dictionary<string, (string, int)> memo)
    {
        if (memo.TryGetValue(service, out var known))
        {
            return known;
        }

        var best = (Root: service, Depth: 0);
        foreach (var dependency in DependenciesOf(service).Where(isUnhealthy))
        {
            var (root, depth) = Deepest(dependency, isUnhealthy, memo);
            if (depth + 1 > best.Depth)
            {
                best = (root, depth + 1);
            }
        }

        memo[service] = best;
        return best;
    }
}
