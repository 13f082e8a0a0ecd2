using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Text;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// A caller's question: readiness of these services, or of the services with these tags, minus some. Every
/// selected service is required for the answer; with no services and no tags the default set applies (every
/// service, the critical ones required), and <see cref="Exclude"/> removes services from whichever set applies.
/// </summary>
/// <param name="Services">Service names; each must exist.</param>
/// <param name="Tags">Tags; a service with any of them is selected. Each must match at least one service.</param>
/// <param name="Exclude">Service names taken out of the answer; each must exist.</param>
public sealed record ReadinessSelection(IReadOnlyList<string> Services, IReadOnlyList<string> Tags, IReadOnlyList<string> Exclude)
{
    /// <summary>The question without a selection: every service, critical ones required.</summary>
    public static ReadinessSelection Default { get; } = new([], [], []);

    /// <summary>True when nothing narrows the default answer.</summary>
    public bool IsDefault => Services.Count == 0 && Tags.Count == 0 && Exclude.Count == 0;

    /// <summary>
    /// Builds a selection from comma lists (each parameter may be given several times, as in
    /// <c>?services=a,b&amp;services=c</c>). A parameter given but empty is an error: it would select nothing.
    /// </summary>
    public static ReadinessSelection? Parse(IReadOnlyList<string?> services, IReadOnlyList<string?> tags, IReadOnlyList<string?> exclude, out string? error)
    {
        error = Empty(services, "services") ?? Empty(tags, "tags") ?? Empty(exclude, "exclude");
        return error is null ? new ReadinessSelection(Split(services), Split(tags), Split(exclude)) : null;

        static string? Empty(IReadOnlyList<string?> values, string parameter) =>
            values.Count > 0 && Split(values).Count == 0 ? $"{parameter} must list at least one name, e.g. {parameter}=a,b" : null;
    }

    private static List<string> Split(IReadOnlyList<string?> values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>A canonical text for this selection, equal for equal questions: a cache key.</summary>
    public string Key => string.Join('|',
        string.Join(',', Services.Select(s => s.ToLowerInvariant()).Order(StringComparer.Ordinal).Distinct()),
        string.Join(',', Tags.Select(s => s.ToLowerInvariant()).Order(StringComparer.Ordinal).Distinct()),
        string.Join(',', Exclude.Select(s => s.ToLowerInvariant()).Order(StringComparer.Ordinal).Distinct()));

    /// <summary>
    /// Resolves the selection against the monitored <paramref name="services"/>. Returns null and sets
    /// <paramref name="error"/> (naming the unknown service or tag) when it asks about something that does not exist.
    /// </summary>
    public ReadinessScope? Resolve(IReadOnlyList<ServiceDefinition> services, out string? error)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var unknown = Services.Concat(Exclude).Where(name => !byName.ContainsKey(name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            error = $"unknown service{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(n => $"'{Shorten(n)}'"))}; known services: {NameList.Brief(services.Select(s => s.Name))}";
            return null;
        }

        var unmatched = Tags.Where(tag => !services.Any(s => s.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))).ToList();
        if (unmatched.Count > 0)
        {
            // An empty selection would be vacuously ready: a mistyped tag must not open the gate.
            error = $"no service has the tag{(unmatched.Count > 1 ? "s" : "")} {string.Join(", ", unmatched.Select(t => $"'{Shorten(t)}'"))}";
            return null;
        }

        var excluded = new HashSet<string>(Exclude, StringComparer.OrdinalIgnoreCase);
        var named = new HashSet<string>(Services, StringComparer.OrdinalIgnoreCase);
        var chosen = Services.Count == 0 && Tags.Count == 0
            ? services
            : services.Where(s => named.Contains(s.Name) || s.Tags.Any(tag => Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))).ToList();
        var counted = chosen.Where(s => !excluded.Contains(s.Name)).ToList();
        if (counted.Count == 0)
        {
            // An empty selection would be vacuously ready: say what emptied it rather than answer 200 about nothing.
            error = chosen.Count == 0
                ? "nothing left to check: no services are monitored"
                : $"nothing left to check: exclude removed {NameList.Brief(chosen.Select(s => s.Name))}";
            return null;
        }

        error = null;
        var required = Services.Count == 0 && Tags.Count == 0 ? counted.Where(s => s.Critical) : counted;
        return new ReadinessScope(counted, required.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    // The caller's text goes back in a 400 body and a log line: long values are cut, and control characters are
    // escaped so a hostile query cannot write an escape sequence to whoever reads it.
    private static string Shorten(string text) => ControlCharacters.Escape(TextShortener.Shorten(text, 100));
}
