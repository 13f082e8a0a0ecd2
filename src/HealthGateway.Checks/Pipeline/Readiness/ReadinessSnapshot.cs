using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Readiness;

/// <summary>
/// An immutable answer to "is this environment ready?", published whenever any service's result changes. Every
/// readiness request is served from the current one, so request rate never turns into dependency load. The verdict
/// (version, phase, status, ready) is known when the snapshot is made; the lists that name services are built on the
/// first read, once per snapshot, so publishing one result never walks every service.
/// </summary>
public sealed class ReadinessSnapshot
{
    private readonly Func<string, int>? _indexOf;
    private ServiceLists? _lists;

    /// <summary>A snapshot with every list given (a full evaluation: <see cref="ReadinessPolicy"/>).</summary>
    /// <param name="version">Grows by one with each rebuild; lets callers cache work per snapshot and wait for a newer one.</param>
    /// <param name="phase">Starting, Running or Stopping.</param>
    /// <param name="status">Healthy, Degraded or Unhealthy, never anything else.</param>
    /// <param name="ready">True exactly when the readiness endpoint answers 200.</param>
    /// <param name="allCriticalServicesAvailable">No critical service is Unhealthy or unchecked.</param>
    /// <param name="unavailableServices">Services whose latest result is Unhealthy, critical or not.</param>
    /// <param name="criticalServices">Every service required for this answer: by default the critical ones, else the caller's selection.</param>
    /// <param name="pendingServices">Services not checked yet.</param>
    /// <param name="entries">Every service, checked or not, in configuration order.</param>
    /// <param name="checkedAt">When the newest result in this snapshot was taken.</param>
    /// <param name="totalDuration">The longest check in this snapshot: checks run in parallel.</param>
    public ReadinessSnapshot(long version, GatewayPhase phase, HealthStatus status, bool ready, bool allCriticalServicesAvailable,
        IReadOnlyList<string> unavailableServices, IReadOnlyList<string> criticalServices, IReadOnlyList<string> pendingServices,
        IReadOnlyList<ServiceEntry> entries, DateTimeOffset checkedAt, TimeSpan totalDuration)
        : this(version, phase, status, ready, allCriticalServicesAvailable, entries, checkedAt, indexOf: null,
            new ServiceLists(unavailableServices, criticalServices, pendingServices, [], totalDuration))
    {
    }

    /// <summary>
    /// A snapshot whose lists are derived from <paramref name="entries"/> on first read, the critical services
    /// required (the default scope): what the store publishes after each result.
    /// </summary>
    internal ReadinessSnapshot(long version, GatewayPhase phase, HealthStatus status, bool ready, bool allCriticalServicesAvailable,
        IReadOnlyList<ServiceEntry> entries, DateTimeOffset checkedAt, Func<string, int> indexOf)
        : this(version, phase, status, ready, allCriticalServicesAvailable, entries, checkedAt, indexOf, lists: null)
    {
    }

    private ReadinessSnapshot(long version, GatewayPhase phase, HealthStatus status, bool ready, bool allCriticalServicesAvailable,
        IReadOnlyList<ServiceEntry> entries, DateTimeOffset checkedAt, Func<string, int>? indexOf, ServiceLists? lists)
    {
        Version = version;
        Phase = phase;
        Status = status;
        Ready = ready;
        AllCriticalServicesAvailable = allCriticalServicesAvailable;
        Entries = entries;
        CheckedAt = checkedAt;
        _indexOf = indexOf;
        _lists = lists;
    }

    /// <summary>Grows by one with each rebuild; lets callers cache work per snapshot and wait for a newer one.</summary>
    public long Version { get; }

    /// <summary>Starting, Running or Stopping.</summary>
    public GatewayPhase Phase { get; }

    /// <summary>Healthy, Degraded or Unhealthy, never anything else.</summary>
    public HealthStatus Status { get; }

    /// <summary>True exactly when the readiness endpoint answers 200.</summary>
    public bool Ready { get; }

    /// <summary>No critical service is Unhealthy or unchecked.</summary>
    public bool AllCriticalServicesAvailable { get; }

    /// <summary>Every service, checked or not, in configuration order.</summary>
    public IReadOnlyList<ServiceEntry> Entries { get; }

    /// <summary>When the newest result in this snapshot was taken.</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <summary>Services whose latest result is Unhealthy, critical or not.</summary>
    public IReadOnlyList<string> UnavailableServices => Lists.Unavailable;

    /// <summary>Every service required for this answer: by default the critical ones, else the caller's selection.</summary>
    public IReadOnlyList<string> CriticalServices => Lists.Critical;

    /// <summary>Services not checked yet.</summary>
    public IReadOnlyList<string> PendingServices => Lists.Pending;

    /// <summary>The longest check in this snapshot: checks run in parallel.</summary>
    public TimeSpan TotalDuration => Lists.Longest;

    /// <summary>The unavailable services not explained by another unavailable one they depend on.</summary>
    public IReadOnlyList<string> RootCauses
    {
        get => Lists.Roots;
        init => _lists = Lists with { Roots = value };
    }

    /// <summary>The entry of the service named <paramref name="name"/>, or null; without a walk on a published snapshot.</summary>
    public ServiceEntry? Find(string name)
    {
        if (_indexOf is not null)
        {
            var index = _indexOf(name);
            return index >= 0 ? Entries[index] : null;
        }

        return Entries.FirstOrDefault(e => string.Equals(e.Definition.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private ServiceLists Lists => Volatile.Read(ref _lists) ?? Derive();

    private ServiceLists Derive()
    {
        // One walk, on the first read of any list: several readers may race here and build equal lists.
        var unavailable = new List<string>();
        var critical = new List<string>();
        var pending = new List<string>();
        var roots = new List<string>();
        var seenRoots = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var longest = TimeSpan.Zero;
        foreach (var entry in Entries)
        {
            var name = entry.Definition.Name;
            if (entry.Definition.Critical)
            {
                critical.Add(name);
            }

            if (entry.Result is not { } result)
            {
                pending.Add(name);
                continue;
            }

            longest = result.Duration > longest ? result.Duration : longest;
            if (result.Status == HealthStatus.Unhealthy)
            {
                unavailable.Add(name);
                var root = entry.RootCause ?? name;
                if (seenRoots.Add(root))
                {
                    roots.Add(root);
                }
            }
        }

        var lists = new ServiceLists(unavailable, critical, pending, roots, longest);
        Volatile.Write(ref _lists, lists);
        return lists;
    }

    private sealed record ServiceLists(
        IReadOnlyList<string> Unavailable, IReadOnlyList<string> Critical, IReadOnlyList<string> Pending, IReadOnlyList<string> Roots, TimeSpan Longest);
}
