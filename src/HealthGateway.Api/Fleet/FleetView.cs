using System.Security.Cryptography;
using System.Text;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// Who checks what, as this replica sees it right now: one immutable table, rebuilt when the members or the settings
/// change (never per check or per request), and read without a lock by the poller and the readiness views.
/// </summary>
internal sealed class FleetView
{
    public const string FleetMode = "fleet";
    public const string StandaloneMode = "standalone";

    private readonly Dictionary<string, Entry> _entries;
    private readonly ServicePlacement _self;

    private FleetView(string mode, string replica, long catalogVersion, IReadOnlyList<string> members, Dictionary<string, Entry> entries)
    {
        Mode = mode;
        Replica = replica;
        CatalogVersion = catalogVersion;
        Members = members;
        _entries = entries;
        _self = new ServicePlacement(mode, replica, [replica], replica);
    }

    /// <summary><see cref="FleetMode"/> or <see cref="StandaloneMode"/>.</summary>
    public string Mode { get; }

    public string Replica { get; }

    public long CatalogVersion { get; }

    /// <summary>Every live member, whatever its settings.</summary>
    public IReadOnlyList<string> Members { get; }

    public bool IsFleet => Mode == FleetMode;

    /// <summary>Whether this replica checks <paramref name="service"/>: always in standalone mode, and for a check registered in code.</summary>
    public bool IsMine(string service) => !IsFleet || !_entries.TryGetValue(service, out var entry) || entry.Placement.Owner == Replica;

    /// <summary>The placement of <paramref name="service"/>; a service the fleet does not share (registered in code) is this replica's own.</summary>
    public ServicePlacement Placement(string service) => _entries.TryGetValue(service, out var entry) ? entry.Placement : _self;

    /// <summary>The configured service of that name and its fingerprint, or null.</summary>
    public MonitoredService? Service(string service) => _entries.TryGetValue(service, out var entry) ? entry.Service : null;

    /// <summary>The names of the configured services the fleet shares (not the checks registered in code).</summary>
    public IEnumerable<string> SharedServices => _entries.Keys;

    /// <summary>The services whose owner is this replica here but another one (or unknown) in <paramref name="before"/>.</summary>
    public IReadOnlyList<string> GainedSince(FleetView before) =>
        _entries.Values.Where(e => e.Placement.Owner == Replica && before.IsFleet && before.Placement(e.Service.Definition.Name).Owner != Replica)
            .Select(e => e.Service.Definition.Name).ToList();

    /// <summary>Whether any service's owner or candidates differ from <paramref name="other"/>'s, or the mode does.</summary>
    public bool DiffersFrom(FleetView other) =>
        Mode != other.Mode || CatalogVersion != other.CatalogVersion || !Members.SequenceEqual(other.Members)
        || _entries.Any(e => other.Placement(e.Key) is var placement && (placement.Owner != e.Value.Placement.Owner || !placement.Members.SequenceEqual(e.Value.Placement.Members)));

    /// <summary>The table when Redis cannot be reached: this replica checks everything.</summary>
    public static FleetView Standalone(string replica, IReadOnlyList<MonitoredService> services, long catalogVersion)
    {
        var self = new ServicePlacement(StandaloneMode, replica, [replica], replica);
        var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in services.Where(s => s.Fingerprint is not null))
        {
            entries[service.Definition.Name] = new Entry(service, self);
        }

        return new FleetView(StandaloneMode, replica, catalogVersion, [replica], entries);
    }

    /// <summary>
    /// The table over the live <paramref name="members"/>: each service goes to the candidate with the highest
    /// rendezvous score, the candidates being the members that run the same fingerprint for it. A member that runs
    /// this replica's settings (<paramref name="config"/>) is a candidate for every service; one with other settings
    /// only where its fingerprint (<paramref name="foreign"/>, by its config) matches. Owners therefore move only
    /// when a candidate comes or goes.
    /// </summary>
    public static FleetView Build(string replica, string config, IReadOnlyList<MonitoredService> services, long catalogVersion,
        IReadOnlyList<FleetMember> members, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> foreign)
    {
        var alike = members.Where(m => m.Config == config).Select(m => m.Replica).Append(replica).Distinct().Order(StringComparer.Ordinal).ToArray();
        var others = members.Where(m => m.Config != config && m.Replica != replica).ToArray();
        var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in services.Where(s => s.Fingerprint is not null))
        {
            var name = service.Definition.Name;
            IReadOnlyList<string> candidates = alike;
            if (others.Length > 0)
            {
                var matching = others.Where(m => foreign.TryGetValue(m.Config, out var prints) && prints.TryGetValue(name, out var print) && print == service.Fingerprint)
                    .Select(m => m.Replica).ToArray();
                if (matching.Length > 0)
                {
                    candidates = alike.Concat(matching).Order(StringComparer.Ordinal).ToArray();
                }
            }

            var owner = candidates.MaxBy(candidate => Score(candidate, name, service.Fingerprint!))!;
            entries[name] = new Entry(service, new ServicePlacement(FleetMode, replica, candidates, owner));
        }

        var all = members.Select(m => m.Replica).Append(replica).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new FleetView(FleetMode, replica, catalogVersion, all, entries);
    }

    /// <summary>The hash of every configured service's name and fingerprint: replicas with equal configs agree on every service.</summary>
    public static string ConfigOf(IEnumerable<MonitoredService> services)
    {
        var text = new StringBuilder();
        foreach (var service in services.Where(s => s.Fingerprint is not null).OrderBy(s => s.Definition.Name, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(service.Definition.Name.ToLowerInvariant()).Append('=').Append(service.Fingerprint).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>Rendezvous (highest random weight) score: FNV-1a over the three names, finished with a 64-bit mixer.</summary>
    internal static ulong Score(string replica, string service, string fingerprint)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in (ReadOnlySpan<string>)[replica, service.ToLowerInvariant(), fingerprint])
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ '\n') * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }

    private sealed record Entry(MonitoredService Service, ServicePlacement Placement);
}
