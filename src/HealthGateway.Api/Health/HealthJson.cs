using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Core.Text;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Snapshots;
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
        foreach (var entry in snapshot.Entries)
        {
            if (ToEntry(entry, silenceOf, placementOf) is { } wire)
            {
                entries[entry.Definition.Name] = wire;
            }
        }

        return new ReadinessResponse(snapshot.Status.ToString(), snapshot.TotalDuration, snapshot.AllCriticalServicesAvailable,
            snapshot.UnavailableServices, snapshot.CriticalServices, snapshot.PendingServices, snapshot.Phase.ToString().ToLowerInvariant(),
            snapshot.CheckedAt, entries, snapshot.RootCauses, config is null ? null : new ConfigLoadResponse(config.LoadedAt, config.LastError),
            SilencedDown(snapshot, silenceOf));
    }

    /// <summary>
    /// The UTF-8 body of <see cref="ToResponse(ReadinessSnapshot, Func{string, ServiceSilence?}?, ConfigurationLoadStatus?, Func{string, ServicePlacement?}?)"/>,
    /// byte for byte, written entry by entry with a <see cref="Utf8JsonWriter"/>: with ten thousand services no
    /// dictionary of every entry is built first, only one entry's record at a time.
    /// </summary>
    public static byte[] ReadinessBody(ReadinessSnapshot snapshot, Func<string, ServiceSilence?>? silenceOf = null, ConfigurationLoadStatus? config = null,
        Func<string, ServicePlacement?>? placementOf = null)
    {
        var buffer = new ArrayBufferWriter<byte>(4096 + (snapshot.Entries.Count * 320));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            Write(writer, "status", snapshot.Status.ToString());
            Write(writer, "totalDuration", snapshot.TotalDuration);
            Write(writer, "allCriticalServicesAvailable", snapshot.AllCriticalServicesAvailable);
            Write(writer, "unavailableServices", snapshot.UnavailableServices);
            Write(writer, "criticalServices", snapshot.CriticalServices);
            Write(writer, "pendingServices", snapshot.PendingServices);
            Write(writer, "phase", snapshot.Phase.ToString().ToLowerInvariant());
            Write(writer, "checkedAt", snapshot.CheckedAt);
            writer.WritePropertyName("entries");
            writer.WriteStartObject();
            foreach (var entry in snapshot.Entries)
            {
                if (ToEntry(entry, silenceOf, placementOf) is { } wire)
                {
                    writer.WritePropertyName(entry.Definition.Name);
                    JsonSerializer.Serialize(writer, wire, Entry);
                }
            }

            writer.WriteEndObject();
            Write(writer, "rootCauses", snapshot.RootCauses);
            Write(writer, "config", config is null ? null : new ConfigLoadResponse(config.LoadedAt, config.LastError));
            Write<IReadOnlyList<SilencedServiceResponse>?>(writer, "silencedServices", SilencedDown(snapshot, silenceOf));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The critical services that are down (or not checked yet) while a silence covers them: a green obtained
    // through a silence must never read as health.
    private static List<SilencedServiceResponse> SilencedDown(ReadinessSnapshot snapshot, Func<string, ServiceSilence?>? silenceOf)
    {
        var silencedDown = new List<SilencedServiceResponse>();
        if (silenceOf is null)
        {
            return silencedDown;
        }

        HashSet<string>? required = null;
        foreach (var entry in snapshot.Entries)
        {
            if (silenceOf(entry.Definition.Name) is { } covering && entry.Result?.Status is null or HealthStatus.Unhealthy)
            {
                // Out-of-gate silences drop a service from criticalServices, so its own Critical flag is asked too.
                required ??= snapshot.CriticalServices.ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (entry.Definition.Critical || required.Contains(entry.Definition.Name))
                {
                    silencedDown.Add(new SilencedServiceResponse(entry.Definition.Name, entry.Result?.Status.ToString() ?? "Pending",
                        covering.Id, covering.Reason, covering.Until, covering.Gate));
                }
            }
        }

        return silencedDown;
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
            Uptime = details.Uptime,
        };
    }

    private static JsonTypeInfo<ReadinessEntry> Entry { get; } = JsonResolvers.For<ReadinessEntry>(Options);

    private static ReadinessEntry? ToEntry(ServiceEntry entry, Func<string, ServiceSilence?>? silenceOf, Func<string, ServicePlacement?>? placementOf)
    {
        if (entry.Result is not { } result)
        {
            return null;
        }

        var data = new Dictionary<string, object>(result.Data)
        {
            ["kind"] = entry.Definition.Kind,
            ["critical"] = entry.Definition.Critical,
            ["target"] = entry.Definition.Target,
            ["checkedAt"] = result.CheckedAt,
        };
        return new ReadinessEntry(result.Status.ToString(), result.Duration, result.Description, entry.Definition.Tags, data,
            silenceOf?.Invoke(entry.Definition.Name), entry.RootCause, placementOf?.Invoke(entry.Definition.Name));
    }

    private static void Write<T>(Utf8JsonWriter writer, string name, T value)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
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
