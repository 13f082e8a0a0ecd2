using System.Runtime.CompilerServices;
using System.Text.Json;
using HealthGateway.Checks.Pipeline.Readiness;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Health;

/// <summary>
/// The readiness answer in the IETF draft's <c>application/health+json</c>, for callers whose <c>Accept</c> asks for
/// it; the default body (the HealthChecks UI's format) is untouched.
/// </summary>
public static class HealthDraftJson
{
    /// <summary>The media type of the draft.</summary>
    public const string MediaType = "application/health+json";

    // One body per snapshot object: the full view's snapshot is shared until something changes, so a thousand callers
    // of an unchanged answer serialise it once.
    private static readonly ConditionalWeakTable<ReadinessSnapshot, byte[]> s_bodies = [];

    /// <summary>True when <paramref name="request"/>'s Accept header names <see cref="MediaType"/> with a non-zero quality.</summary>
    public static bool IsAsked(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        return types.Any(type => type.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && type.Quality is not 0);
    }

    /// <summary>The serialised body for <paramref name="snapshot"/> (already narrowed to the caller's view).</summary>
    public static byte[] Body(ReadinessSnapshot snapshot) =>
        s_bodies.GetValue(snapshot, static s => JsonSerializer.SerializeToUtf8Bytes(ToResponse(s), HealthDraftJsonContext.Default.HealthDraftResponse));

    /// <summary>The draft's body for <paramref name="snapshot"/>.</summary>
    public static HealthDraftResponse ToResponse(ReadinessSnapshot snapshot)
    {
        var checks = new Dictionary<string, IReadOnlyList<HealthDraftCheck>>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Entries)
        {
            if (entry.Result is not { } result)
            {
                continue;
            }

            var status = StatusOf(result.Status);
            checks[$"{entry.Definition.Name}:responseTime"] =
            [
                new HealthDraftCheck(entry.Definition.Name, ComponentType(entry.Definition.Kind), Math.Round(result.Duration.TotalMilliseconds, 3), "ms",
                    status, result.CheckedAt, status == "pass" ? null : result.Description),
            ];
        }

        var overall = !snapshot.Ready ? "fail" : snapshot.Status == HealthStatus.Healthy ? "pass" : "warn";
        var notes = snapshot.PendingServices.Count == 0 ? null : snapshot.PendingServices.Select(name => $"pending: {name}").ToList();
        return new HealthDraftResponse(overall, "HealthGateway readiness", checks, notes);
    }

    private static string StatusOf(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "pass",
        HealthStatus.Degraded => "warn",
        _ => "fail",
    };

    private static string ComponentType(string kind) => kind is "postgres" or "mysql" or "redis" ? "datastore" : "system";
}
