using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Readiness;
using HealthGateway.Checks.Reload;
using HealthGateway.Checks.Snapshots;
using HealthGateway.Checks.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Health;

/// <summary>Maps snapshots to wire records and serialises them the way the HealthChecks UI reads them.</summary>
public static class HealthJson
{
    /// <summary>camelCase, enums as strings, TimeSpan as "00:00:00.0120000"; metadata from <see cref="HealthJsonContext"/>.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The readiness body's metadata under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<ReadinessResponse> Readiness { get; } = JsonResolvers.For<ReadinessResponse>(Options);

    /// <summary>The readiness body for <paramref name="snapshot"/>; services not checked yet are left out of entries.</summary>
    /// <param name="silenceOf">The silence covering a service, if any; shown in its entry.</param>
    /// <param name="config">The last configuration load, shown as <c>config</c>; left out when null.</param>
    /// <param name="placementOf">Where each service is checked in a fleet, shown as its entry's <c>cluster</c>; null without a fleet.</param>
    public static ReadinessResponse ToResponse(ReadinessSnapshot snapshot, Func<string, ServiceSilence?>? silenceOf = null, ConfigurationLoadStatus? config = null,
        Func<string, ServicePlacement?>? placementOf = null)
    {
        var entries = new Dictionary<string, ReadinessEntry>(StringComparer.Ordinal);
        var silencedDown = new List<SilencedServiceResponse>();
        HashSet<string>? required = null;
        foreach (var entry in snapshot.Entries)
        {
            if (silenceOf?.Invoke(entry.Definition.Name) is { } covering && entry.Result?.Status is null or HealthStatus.Unhealthy)
            {
                // Out-of-gate silences drop a service from criticalServices, so its own Critical flag is asked too.
                required ??= snapshot.CriticalServices.ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (entry.Definition.Critical || required.Contains(entry.Definition.Name))
                {
                    silencedDown.Add(new SilencedServiceResponse(entry.Definition.Name, entry.Result?.Status.ToString() ?? "Pending",
                        covering.Id, covering.Reason, covering.Until, covering.Gate));
                }
            }

            if (entry.Result is not { } result)
            {
                continue;
            }

            var data = new Dictionary<string, object>(result.Data)
            {
                ["kind"] = entry.Definition.Kind,
                ["critical"] = entry.Definition.Critical,
                ["target"] = entry.Definition.Target,
                ["checkedAt"] = result.CheckedAt,
            };
            entries[entry.Definition.Name] = new ReadinessEntry(result.Status.ToString(), result.Duration, result.Description, entry.Definition.Tags, data,
                silenceOf?.Invoke(entry.Definition.Name), entry.RootCause, placementOf?.Invoke(entry.Definition.Name));
        }

        return new ReadinessResponse(snapshot.Status.ToString(), snapshot.TotalDuration, snapshot.AllCriticalServicesAvailable,
            snapshot.UnavailableServices, snapshot.CriticalServices, snapshot.PendingServices, snapshot.Phase.ToString().ToLowerInvariant(),
            snapshot.CheckedAt, entries, snapshot.RootCauses, config is null ? null : new ConfigLoadResponse(config.LoadedAt, config.LastError),
            silencedDown);
    }

    /// <summary>The details body for one service.</summary>
    public static ServiceDetailsResponse ToResponse(ServiceDetails details, ServicePlacement? placement = null)
    {
        var definition = details.Definition;
        var latest = details.Latest;
        return new ServiceDetailsResponse(definition.Name, definition.Kind, definition.Critical, definition.Target, definition.Tags,
            definition.Timeout, latest?.Status.ToString(), latest?.Description, latest?.Duration, latest?.CheckedAt,
            details.ConsecutiveFailures, details.ConsecutiveSuccesses,
            details.History.Select(r => new ServiceResultResponse(r.Status.ToString(), r.Duration, r.Description, r.CheckedAt)).ToList(),
            details.Transitions.Select(t => new TransitionResponse(t.From?.ToString() ?? "Unknown", t.To.ToString(), t.Reason, t.Duration, t.At)).ToList())
        {
            Cluster = placement,
        };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var template = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        // Enums a check's data holds, by reflection (JIT only); the context writes the enums it knows as strings itself.
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            template.Converters.Add(new JsonStringEnumConverter());
        }

        return JsonResolvers.Create(HealthJsonContext.Default, template);
    }
}
