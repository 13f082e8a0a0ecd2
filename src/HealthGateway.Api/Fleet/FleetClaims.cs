using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HealthGateway.Api.Alerts;
using HealthGateway.Api.Backplane;
using HealthGateway.Checks.Pipeline.Snapshots;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// One alert per transition, fleet-wide. Only a transition caused by this replica's own check is this replica's to
/// alert (every replica records every result, so every replica sees every transition). Its id is derived from the
/// service, its fingerprint, the two statuses and when the service's previous transition happened, so two replicas
/// that both checked during a handover name the same transition alike; the first to SET NX the id sends it.
/// </summary>
internal sealed class FleetClaims(FleetState state, FleetResults results, FleetKeys keys, BackplaneConnection connection, TimeSpan ttl) : ITransitionClaims
{
    /// <inheritdoc />
    public TransitionTicket? Ticket(StateTransition transition)
    {
        var at = transition.At.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var previous = state.Markers.TryGetValue(transition.Service, out var marker) ? marker : "start";
        state.Markers[transition.Service] = at;
        if (results.IsRemote(transition.Service, transition.At))
        {
            return null;
        }

        var view = state.View;
        // A check registered in code (the backplane, the notifier) is about each replica itself: its transitions are its own.
        var fingerprint = view.Service(transition.Service)?.Fingerprint ?? $"replica {view.Replica}";
        var text = $"{transition.Service.ToLowerInvariant()}\n{fingerprint}\n{transition.From}\n{transition.To}\n{previous}";
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant();
        return new TransitionTicket(id, view.Replica);
    }

    /// <inheritdoc />
    public async Task<bool> ClaimAsync(string key, CancellationToken cancellationToken)
    {
        if (connection.Multiplexer is not { IsConnected: true } redis)
        {
            // Standalone: every replica alerts what it sees, duplicates included, rather than none alerting.
            return true;
        }

        try
        {
            return await redis.GetDatabase().StringSetAsync(keys.Claim(key), state.View.Replica, ttl, When.NotExists).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return true;
        }
    }
}
