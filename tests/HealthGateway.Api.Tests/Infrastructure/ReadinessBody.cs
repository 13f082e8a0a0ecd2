using System.Text.Json;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>Reading helpers for the /health/ready body.</summary>
public static class ReadinessBody
{
    public static bool HasEntry(this JsonElement body, string service) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("entries", out var entries) && entries.TryGetProperty(service, out _);

    public static bool HasEntries(this JsonElement body, params string[] services) => services.All(service => body.HasEntry(service));

    public static JsonElement Entry(this JsonElement body, string service) => body.GetProperty("entries").GetProperty(service);

    public static string EntryStatus(this JsonElement body, string service) => body.Entry(service).GetProperty("status").GetString()!;

    public static string EntryDescription(this JsonElement body, string service) => body.Entry(service).GetProperty("description").GetString()!;

    public static TimeSpan EntryDuration(this JsonElement body, string service) => TimeSpan.Parse(body.Entry(service).GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Strings(this JsonElement body, string property) =>
        body.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();
}
