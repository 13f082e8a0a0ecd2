using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HealthGateway.Checks.Core.KindContract;

namespace HealthGateway.Checks.Kinds.Push;

/// <summary>
/// The gateway's heartbeats: which push services exist (each check enrols itself with its token) and the latest
/// heartbeat of each. One per gateway, shared by every service's check host (<see cref="ISharedCheckState"/>).
/// </summary>
/// <remarks>
/// The fleet seam: a heartbeat to any replica counts for all. The fleet publishes the ones this replica accepts
/// (<see cref="Recorded"/>) and notes every other replica's here (<see cref="Note"/>).
/// </remarks>
public sealed class HeartbeatBoard : ISharedCheckState
{
    private readonly ConcurrentDictionary<string, Enrolment> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Heartbeat> _latest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised after a heartbeat is recorded, with the service's name: for a backplane to share it.</summary>
    public event Action<string, Heartbeat>? Recorded;

    /// <inheritdoc />
    public Type ServiceType => typeof(HeartbeatBoard);

    /// <summary>What a heartbeat to <paramref name="service"/> meets: unknown, refused (wrong token) or accepted.</summary>
    public HeartbeatVerdict Judge(string service, string? token)
    {
        if (!_services.TryGetValue(service, out var enrolment))
        {
            return HeartbeatVerdict.UnknownService;
        }

        if (enrolment.TokenHash is null)
        {
            return HeartbeatVerdict.Accepted;
        }

        // Hashes of equal length, compared in constant time: neither the token's length nor its prefix leaks.
        return token is not null && CryptographicOperations.FixedTimeEquals(Hash(token), enrolment.TokenHash)
            ? HeartbeatVerdict.Accepted
            : HeartbeatVerdict.WrongToken;
    }

    /// <summary>Records <paramref name="beat"/> as <paramref name="service"/>'s latest heartbeat.</summary>
    public void Record(string service, Heartbeat beat)
    {
        _latest[service] = beat;
        Recorded?.Invoke(service, beat);
    }

    /// <summary>
    /// Notes a heartbeat another replica accepted (the fleet): kept when the service is a push service here and the
    /// heartbeat is newer than the one held, and not raised as <see cref="Recorded"/>, so it is not shared again.
    /// </summary>
    public void Note(string service, Heartbeat beat)
    {
        if (_services.ContainsKey(service))
        {
            _latest.AddOrUpdate(service, beat, (_, held) => held.At >= beat.At ? held : beat);
        }
    }

    /// <summary>The latest heartbeat of <paramref name="service"/>, or null before the first.</summary>
    public Heartbeat? Latest(string service) => _latest.TryGetValue(service, out var beat) ? beat : null;

    /// <summary>Makes <paramref name="service"/> a push service, heartbeats needing <paramref name="token"/> when it is not null.</summary>
    internal void Enrol(string service, string? token, object owner) =>
        _services[service] = new Enrolment(token is null ? null : Hash(token), owner);

    /// <summary>Takes <paramref name="service"/> off the board, unless a newer check (a reload) enrolled it since.</summary>
    internal void Withdraw(string service, object owner)
    {
        if (_services.TryGetValue(service, out var enrolment) && ReferenceEquals(enrolment.Owner, owner)
            && _services.TryRemove(new KeyValuePair<string, Enrolment>(service, enrolment)))
        {
            _latest.TryRemove(service, out _);
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private sealed record Enrolment(byte[]? TokenHash, object Owner);
}
