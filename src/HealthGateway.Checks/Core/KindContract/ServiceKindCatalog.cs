namespace HealthGateway.Checks.Core.KindContract;

/// <summary>The kinds a gateway knows, by name. Validation, registration, descriptions and redaction iterate these.</summary>
public sealed class ServiceKindCatalog
{
    private readonly Dictionary<string, IServiceKind> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IServiceKind> _all = [];

    /// <summary>A catalog of <paramref name="kinds"/>.</summary>
    /// <exception cref="ArgumentException">Two kinds share a name.</exception>
    public ServiceKindCatalog(IEnumerable<IServiceKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!_byName.TryAdd(kind.Name, kind))
            {
                throw new ArgumentException($"two check kinds are named '{kind.Name}'", nameof(kinds));
            }

            _all.Add(kind);
        }
    }

    /// <summary>
    /// The kinds the gateway ships with. The composition sets it (<c>Composition/BuiltInKinds</c>, when the library
    /// loads, before any other code of it runs), so that this core type names no kind.
    /// </summary>
    public static ServiceKindCatalog BuiltIn { get; internal set; } = new([]);

    /// <summary>Every kind, in the order added.</summary>
    public IReadOnlyList<IServiceKind> All => _all;

    /// <summary>Every kind's name, in the order added.</summary>
    public IEnumerable<string> Names => All.Select(kind => kind.Name);

    /// <summary>The kind named <paramref name="name"/> (case-insensitive, surrounding blanks ignored), or null.</summary>
    public IServiceKind? Find(string? name) =>
        name is not null && _byName.TryGetValue(name.Trim(), out var kind) ? kind : null;
}
