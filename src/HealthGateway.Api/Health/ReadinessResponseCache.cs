using System.Text.Json;
using HealthGateway.Checks.Readiness;

namespace HealthGateway.Api.Health;

/// <summary>
/// Serialises each snapshot once, on the first request that sees it, and serves the same bytes to every other
/// request until the next poll publishes a new one: readiness under load costs a copy, not a serialisation.
/// </summary>
public sealed class ReadinessResponseCache
{
    private Cached? _cached;

    /// <summary>The UTF-8 JSON body of <paramref name="snapshot"/>.</summary>
    public byte[] GetBody(ReadinessSnapshot snapshot)
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Body;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(HealthJson.ToResponse(snapshot), HealthJson.Options);
        Volatile.Write(ref _cached, new Cached(snapshot, body));
        return body;
    }

    private sealed record Cached(ReadinessSnapshot Snapshot, byte[] Body);
}
