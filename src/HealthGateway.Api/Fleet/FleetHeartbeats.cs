using System.Text.Json;
using HealthGateway.Api.Backplane;
using HealthGateway.Checks.Kinds.Push;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// Heartbeats (<c>POST /heartbeat/{service}</c>) across the fleet: one accepted by this replica goes out at once (the
/// latest per service in a hash, for members that join later, and on the channel), and every other member's is noted
/// on this replica's <see cref="HeartbeatBoard"/>, so whichever replica owns a push service judges every heartbeat
/// sent to any of them. Only a heartbeat the board accepted (its token right) is ever recorded, so only those go out.
/// A heartbeat is shared between members that run the same settings for the service (its fingerprint), as results are.
/// </summary>
internal sealed class FleetHeartbeats(FleetState state, FleetKeys keys, BackplaneConnection connection, HeartbeatBoard board)
{
    /// <summary>Publishes the heartbeats this replica accepts from now on.</summary>
    public void Attach() => board.Recorded += Publish;

    public void Detach() => board.Recorded -= Publish;

    /// <summary>Notes another member's heartbeat, if it is about this replica's settings for the service.</summary>
    /// <returns>Whether it is about this replica's settings (noted, unless this replica already holds a newer one).</returns>
    public bool Apply(FleetMessage message)
    {
        var view = state.View;
        if (message.Service is not { } name || view.Service(name)?.Fingerprint is not { } fingerprint || fingerprint != message.Fingerprint)
        {
            return false;
        }

        if (message.Replica != view.Replica)
        {
            var failed = string.Equals(message.Status, "fail", StringComparison.Ordinal);
            board.Note(name, new Heartbeat(message.CheckedAt, failed, message.Description));
        }

        return true;
    }

    /// <summary>Notes every heartbeat in the hash (joining, or back after an outage) and sends the ones this replica holds that are newer.</summary>
    public async Task LoadAsync(IDatabase database)
    {
        var fields = await database.HashGetAllAsync(keys.Heartbeats);
        var known = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            try
            {
                if (JsonSerializer.Deserialize((string)field.Value!, FleetJsonContext.Default.FleetMessage) is { Type: FleetMessage.Heartbeat } message
                    && Apply(message))
                {
                    known[message.Service!] = message.CheckedAt;
                }
            }
            catch (JsonException)
            {
                // Another version's value: skipped.
            }
        }

        // Heartbeats accepted here while Redis was away: the others count them too once it is back.
        foreach (var service in state.View.SharedServices)
        {
            if (board.Latest(service) is { } beat && (!known.TryGetValue(service, out var at) || at < beat.At))
            {
                Publish(service, beat);
            }
        }
    }

    private void Publish(string service, Heartbeat beat)
    {
        var view = state.View;
        if (connection.Multiplexer is not { IsConnected: true } redis || view.Service(service)?.Fingerprint is not { } fingerprint)
        {
            // Standalone: counted here only, as every replica then checks for itself.
            return;
        }

        var message = new FleetMessage(FleetMessage.Heartbeat, view.Replica)
        {
            Service = service,
            Fingerprint = fingerprint,
            Status = beat.Failed ? "fail" : "ok",
            Description = beat.Message,
            CheckedAt = beat.At,
        };
        var json = JsonSerializer.Serialize(message, FleetJsonContext.Default.FleetMessage);
        try
        {
            // Queued on the connection before the endpoint asks the owner to check: the owner reads the heartbeat first.
            var database = redis.GetDatabase();
            database.HashSet(keys.Heartbeats, FleetKeys.ResultField(service, fingerprint), json, flags: CommandFlags.FireAndForget);
            database.Publish(keys.Channel, json, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Gone meanwhile: sent again from LoadAsync when this replica rejoins.
        }
    }
}
