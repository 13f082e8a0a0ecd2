using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Api.Silences;

/// <summary>
/// Which services are silenced at one moment, immutable, so readiness can cache its body per (snapshot, this) and
/// the webhook path can ask without a lock. Valid until the earliest silence in it ends.
/// </summary>
public sealed class SilencedServices
{
    private readonly Dictionary<string, ServiceSilence> _byService;

    private SilencedServices(Dictionary<string, ServiceSilence> byService, DateTimeOffset validUntil)
    {
        _byService = byService;
        ValidUntil = validUntil;
        AnyOutOfGate = byService.Values.Any(silence => !silence.Gate);
    }

    /// <summary>Nothing silenced, ever.</summary>
    public static SilencedServices None { get; } = new(new Dictionary<string, ServiceSilence>(StringComparer.OrdinalIgnoreCase), DateTimeOffset.MaxValue);

    /// <summary>When the first of these silences ends: from then on this view is out of date.</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>Whether any silenced service is out of the readiness decision (<c>gate: false</c>).</summary>
    public bool AnyOutOfGate { get; }

    /// <summary>The silence covering <paramref name="service"/>, or null.</summary>
    public ServiceSilence? Find(string service) => _byService.GetValueOrDefault(service);

    /// <summary>Whether <paramref name="service"/> is silenced with <c>gate: false</c>.</summary>
    public bool IsOutOfGate(string service) => _byService.TryGetValue(service, out var silence) && !silence.Gate;

    /// <summary>
    /// The services of <paramref name="definitions"/> that the active ones of <paramref name="silences"/> cover. When
    /// several cover one service it shows the one lasting longest, and it is out of the gate if any says so.
    /// </summary>
    public static SilencedServices Build(IReadOnlyList<Silence> silences, IReadOnlyList<ServiceDefinition> definitions, DateTimeOffset now)
    {
        var active = silences.Where(silence => silence.Until > now).ToList();
        if (active.Count == 0)
        {
            return None;
        }

        var byService = new Dictionary<string, ServiceSilence>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            var covering = active.Where(silence => silence.Covers(definition.Name, definition.Tags)).ToList();
            if (covering.Count == 0)
            {
                continue;
            }

            var longest = covering.MaxBy(silence => silence.Until)!;
            byService[definition.Name] = new ServiceSilence(longest.Id, longest.Until, longest.Reason, covering.All(silence => silence.Gate));
        }

        return new SilencedServices(byService, active.Min(silence => silence.Until));
    }
}
