using System.Text.Json;
using HealthGateway.Api.Backplane;
using HealthGateway.Checks.Pipeline.Snapshots;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// This replica's part in the fleet, as a background service: it heartbeats its member key every third of the
/// member timeout, reads who else is alive and which settings they run, rebuilds the table of owners
/// (<see cref="FleetView"/>) when that changes, and reads the fleet's channel (results, requests to check or hurry).
/// While Redis cannot be reached it runs standalone: every service is this replica's, and it says so once.
/// Nothing here is on the request path: readiness and the poller only read the current table.
/// </summary>
internal sealed partial class FleetCoordinator(
    FleetState state,
    FleetResults results,
    FleetHurries hurries,
    FleetHeartbeats heartbeats,
    FleetKeys keys,
    BackplaneConnection connection,
    ServiceCatalog catalog,
    FleetTimings timings,
    IServiceProvider services,
    TimeProvider time,
    ILogger<FleetCoordinator> logger) : BackgroundService
{
    private readonly Lazy<HealthSnapshotStore> _store = new(services.GetRequiredService<HealthSnapshotStore>);
    private readonly Lazy<HealthPoller> _poller = new(services.GetRequiredService<HealthPoller>);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _foreign = new(StringComparer.Ordinal);
    private volatile ChannelMessageQueue? _queue;
    private (long Version, string Config) _published = (-1, "");
    private bool _outage;
    private string _signature = "";

    /// <summary>The table of owners the poller and readiness read.</summary>
    public FleetView View => state.View;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = SettleWithoutClientAsync(stoppingToken);
        IConnectionMultiplexer redis;
        try
        {
            redis = await connection.Created.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        heartbeats.Attach();

        var publishing = Task.Run(() => results.PublishAsync(redis, stoppingToken), CancellationToken.None);
        var reading = Task.Run(() => ReadAsync(redis, stoppingToken), CancellationToken.None);
        try
        {
            // The first beat waits (up to a member timeout) for the subscription, so a slow start does not announce an
            // outage; not when Redis did not answer the client's first connect: then standalone at once, checks start.
            var deadline = time.GetTimestamp();
            while (_queue is null && redis.IsConnected && time.GetElapsedTime(deadline) < timings.MemberTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(redis, stoppingToken);
                await Task.Delay(timings.Beat, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        heartbeats.Detach();
        await Task.WhenAll(publishing, reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await LeaveAsync(redis);
    }

    /// <summary>
    /// Checks wait for the first beat, which comes once the Redis client exists (at once, connected or not: it connects
    /// in the background; a frozen Redis costs its connect timeout). Only a client that cannot be created at all makes
    /// them start standalone (the initial table) without a beat. No timer decides it: a replica slow to start on a
    /// loaded machine would otherwise check alone before it joins, and alert what the fleet already alerted.
    /// </summary>
    private async Task SettleWithoutClientAsync(CancellationToken stopping)
    {
        try
        {
            while (!state.Joined.IsCompleted)
            {
                if (connection.CreateFailed)
                {
                    state.Settle();
                    return;
                }

                await Task.Delay(timings.Beat, time, stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the poller's waits end with it.
        }
    }

    /// <summary>One heartbeat: renew the member key, read the members, rebuild the table; standalone when any of it fails.</summary>
    private async Task BeatAsync(IConnectionMultiplexer redis, CancellationToken stopping)
    {
        var configured = catalog.Services;
        var version = catalog.Version;
        var before = state.View;
        FleetView? next = null;
        try
        {
            // Without the subscription this replica would not hear the others' results: it checks everything itself.
            if (redis.IsConnected && _queue is not null && redis.GetSubscriber().IsConnected(keys.Channel))
            {
                next = await JoinAsync(redis, configured, version, before, stopping);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
        {
            // Below: standalone.
        }

        if (next is null)
        {
            next = FleetView.Standalone(before.Replica, configured, version);
            if (!_outage)
            {
                _outage = true;
                LogStandalone(logger, connection.Target);
            }
        }
        else if (_outage)
        {
            _outage = false;
            LogRejoined(logger, next.Members.Count);
        }

        state.View = next;
        state.Settle();
        hurries.Beat(next);
        if (next.DiffersFrom(before))
        {
            // The cluster block of every entry may have changed: readiness bodies are rendered again.
            _store.Value.Republish();
        }

        if (next.IsFleet && next.GainedSince(before) is { Count: > 0 } gained)
        {
            // A handover: what the last owner checked longest ago is checked now instead of at the next tick.
            var due = time.GetUtcNow() - timings.PollInterval;
            var stale = gained.Where(name => results.Latest(name) is not { } at || at < due).ToList();
            if (stale.Count > 0)
            {
                _ = _poller.Value.RefreshAsync(stale, CancellationToken.None);
            }
        }
    }

    private async Task<FleetView> JoinAsync(IConnectionMultiplexer redis, IReadOnlyList<MonitoredService> configured, long version, FleetView before,
        CancellationToken stopping)
    {
        var database = redis.GetDatabase();
        if (_published.Version != version)
        {
            // Settings are published once per reload; members with other settings compare against them per service.
            var config = FleetView.ConfigOf(configured);
            var prints = configured.Where(s => s.Fingerprint is not null)
                .Select(s => new HashEntry(s.Definition.Name.ToLowerInvariant(), s.Fingerprint)).ToArray();
            if (prints.Length > 0)
            {
                await database.HashSetAsync(keys.Config(config), prints).WaitAsync(stopping);
            }

            _published = (version, config);
        }

        var self = JsonSerializer.Serialize(new FleetMember(before.Replica, _published.Config), FleetJsonContext.Default.FleetMember);
        var beat = Task.WhenAll(
            database.StringSetAsync(keys.Member(before.Replica), self, timings.MemberTimeout),
            database.SetAddAsync(keys.Members, before.Replica),
            database.KeyExpireAsync(keys.Config(_published.Config), timings.MemberTimeout * 10));
        var ids = await database.SetMembersAsync(keys.Members).WaitAsync(stopping);
        await beat.WaitAsync(stopping);
        var members = await ReadMembersAsync(database, ids, stopping);

        // The same members with the same settings make the same table: most beats rebuild nothing.
        var signature = $"{version}|{string.Join(',', members.Select(m => $"{m.Replica}={m.Config}").Order(StringComparer.Ordinal))}";
        if (before.IsFleet && signature == _signature)
        {
            return before;
        }

        _signature = signature;
        var next = FleetView.Build(before.Replica, _published.Config, configured, version, members, _foreign);
        if (!before.IsFleet)
        {
            // Back (or here for the first time): catch up on what the others checked meanwhile, under the new table.
            state.View = next;
            await heartbeats.LoadAsync(database).WaitAsync(stopping);
            await results.LoadAsync(database).WaitAsync(stopping);
        }

        return next;
    }

    private async Task<List<FleetMember>> ReadMembersAsync(IDatabase database, RedisValue[] ids, CancellationToken stopping)
    {
        var values = await database.StringGetAsync(ids.Select(id => keys.Member(id!)).ToArray()).WaitAsync(stopping);
        var members = new List<FleetMember>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (values[i].IsNull)
            {
                // Its heartbeat expired: it left (killed, frozen, cut off). Whoever notices first tidies the set.
                _ = database.SetRemoveAsync(keys.Members, ids[i], CommandFlags.FireAndForget);
                continue;
            }

            if (JsonSerializer.Deserialize((string)values[i]!, FleetJsonContext.Default.FleetMember) is { } member)
            {
                members.Add(member);
            }
        }

        foreach (var config in members.Select(m => m.Config).Where(c => c != _published.Config && !_foreign.ContainsKey(c)).Distinct().ToList())
        {
            var prints = await database.HashGetAllAsync(keys.Config(config)).WaitAsync(stopping);
            _foreign[config] = prints.ToDictionary(p => (string)p.Name!, p => (string)p.Value!, StringComparer.OrdinalIgnoreCase);
        }

        // Settings no member runs any more are forgotten, so a long rollout history does not pile up here.
        foreach (var gone in _foreign.Keys.Where(c => members.All(m => m.Config != c)).ToList())
        {
            _foreign.Remove(gone);
        }

        return members;
    }

    /// <summary>Leaves on a clean stop, so the others take this replica's services at their next beat instead of after the timeout.</summary>
    private async Task LeaveAsync(IConnectionMultiplexer redis)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            await Task.WhenAll(database.KeyDeleteAsync(keys.Member(state.View.Replica)), database.SetRemoveAsync(keys.Members, state.View.Replica))
                .WaitAsync(timings.PublishTimeout);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Its key expires by itself.
        }
    }

    [LoggerMessage(EventId = 4101, EventName = "FleetStandalone", Level = LogLevel.Warning,
        Message = "Fleet: Redis at {Target} cannot be reached; this replica checks every service itself (cluster.mode standalone) until it can, and alerts may be duplicated meanwhile")]
    private static partial void LogStandalone(ILogger logger, string target);

    [LoggerMessage(EventId = 4102, EventName = "FleetRejoined", Level = LogLevel.Information,
        Message = "Fleet: Redis is back; this replica shares the checks again with {Members} member(s)")]
    private static partial void LogRejoined(ILogger logger, int members);
}
