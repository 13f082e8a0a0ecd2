using System.Collections.Concurrent;
using System.Text.Json;
using HealthGateway.Api.Health;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// Results across the fleet: this replica's own checks go out (latest in the results hash, each on the channel),
/// every other member's come in and are recorded in this replica's store through its public <c>Record</c>, as if
/// checked here. Publishing is coalesced per service and runs in the background: a slow or frozen Redis delays
/// nobody's check, and what waits to go out is at most one result per service.
/// </summary>
internal sealed class FleetResults(FleetState state, FleetKeys keys, IServiceProvider services) : ICheckResultSink
{
    private readonly ConcurrentDictionary<string, (ServiceDefinition Definition, ServiceCheckResult Result)> _outgoing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RecentStamps> _remote = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _pending = new(0);
    private readonly Lazy<HealthSnapshotStore> _store = new(services.GetRequiredService<HealthSnapshotStore>);
    private long _published;

    /// <summary>Results this replica has published (HSET + PUBLISH each), for the statistics.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <inheritdoc />
    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported)
    {
        Advance(service.Name, raw.CheckedAt);
        if (IsRemote(service.Name, raw.CheckedAt))
        {
            return;
        }

        // Coalesced: a newer result of the same service replaces one not sent yet.
        var added = true;
        _outgoing.AddOrUpdate(service.Name, (service, raw), (_, _) =>
        {
            added = false;
            return (service, raw);
        });
        if (added)
        {
            _pending.Release();
        }
    }

    /// <summary>Whether the result of <paramref name="service"/> checked at <paramref name="checkedAt"/> came from another replica.</summary>
    public bool IsRemote(string service, DateTimeOffset checkedAt) => _remote.TryGetValue(service, out var stamps) && stamps.Contains(checkedAt);

    /// <summary>When the latest result of <paramref name="service"/> recorded here was checked, wherever.</summary>
    public DateTimeOffset? Latest(string service) => _latest.TryGetValue(service, out var at) ? at : null;

    /// <summary>Completes when the next result of <paramref name="service"/> from another replica is recorded here.</summary>
    public Task NextArrival(string service) =>
        _arrivals.GetOrAdd(service, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Sends this replica's results as they come, until <paramref name="stopping"/>.</summary>
    public async Task PublishAsync(IConnectionMultiplexer redis, CancellationToken stopping)
    {
        while (true)
        {
            await _pending.WaitAsync(stopping);
            var batch = new List<(ServiceDefinition Definition, ServiceCheckResult Result)>();
            do
            {
                foreach (var name in _outgoing.Keys)
                {
                    if (_outgoing.TryRemove(name, out var item))
                    {
                        batch.Add(item);
                    }
                }
            }
            while (_pending.Wait(0));

            var view = state.View;
            if (!redis.IsConnected || batch.Count == 0)
            {
                continue;
            }

            var database = redis.GetDatabase();
            var sends = new List<Task>(batch.Count * 2);
            foreach (var (definition, result) in batch)
            {
                if (view.Service(definition.Name)?.Fingerprint is not { } fingerprint)
                {
                    continue;
                }

                var json = JsonSerializer.Serialize(ToMessage(view.Replica, definition.Name, fingerprint, result), FleetJsonContext.Default.FleetMessage);
                sends.Add(database.HashSetAsync(keys.Results, FleetKeys.ResultField(definition.Name, fingerprint), json));
                sends.Add(database.PublishAsync(keys.Channel, json));
            }

            try
            {
                await Task.WhenAll(sends);
                Interlocked.Add(ref _published, sends.Count / 2);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis went away mid-batch: the members will read the results hash when they (and it) come back.
            }
        }
    }

    /// <summary>Records another member's result, if it is about the settings this replica runs and newer than what it has.</summary>
    public void Apply(FleetMessage message)
    {
        var view = state.View;
        if (!view.IsFleet || message.Replica == view.Replica || message.Service is not { } name
            || view.Service(name) is not { } service || service.Fingerprint != message.Fingerprint
            || !Enum.TryParse<HealthStatus>(message.Status, out var status)
            || (_latest.TryGetValue(name, out var latest) && latest >= message.CheckedAt))
        {
            return;
        }

        var data = message.Data is { Count: > 0 } values
            ? values.ToDictionary(pair => pair.Key, pair => (object)pair.Value)
            : (IReadOnlyDictionary<string, object>)ServiceCheckResult.NoData;
        var result = new ServiceCheckResult(status, message.Duration, message.Description ?? "", message.CheckedAt, data);
        _remote.GetOrAdd(name, static _ => new RecentStamps()).Add(message.CheckedAt);
        _store.Value.Record(service.Definition, result);
        if (message.Since is { } since)
        {
            state.Markers[name] = since;
        }

        if (_arrivals.TryRemove(name, out var arrival))
        {
            arrival.TrySetResult();
        }
    }

    /// <summary>Applies the latest result of every service from the results hash: on joining, after missing the channel.</summary>
    public async Task LoadAsync(IDatabase database)
    {
        var fields = await database.HashGetAllAsync(keys.Results);
        var messages = new List<FleetMessage>(fields.Length);
        foreach (var field in fields)
        {
            try
            {
                if (JsonSerializer.Deserialize((string)field.Value!, FleetJsonContext.Default.FleetMessage) is { Type: FleetMessage.Result } message)
                {
                    messages.Add(message);
                }
            }
            catch (JsonException)
            {
                // Not ours to judge: another version's value, skipped.
            }
        }

        foreach (var message in messages.OrderBy(m => m.CheckedAt))
        {
            Apply(message);
        }
    }

    private void Advance(string service, DateTimeOffset checkedAt) =>
        _latest.AddOrUpdate(service, checkedAt, (_, known) => known > checkedAt ? known : checkedAt);

    private FleetMessage ToMessage(string replica, string service, string fingerprint, ServiceCheckResult result) => new(FleetMessage.Result, replica)
    {
        Service = service,
        Fingerprint = fingerprint,
        Status = result.Status.ToString(),
        Duration = result.Duration,
        Description = result.Description,
        CheckedAt = result.CheckedAt,
        Data = result.Data.Count == 0 ? null : result.Data.ToDictionary(pair => pair.Key, pair => ToElement(pair.Value)),
        Since = state.Markers.TryGetValue(service, out var since) ? since : null,
    };

    private static JsonElement ToElement(object value)
    {
        try
        {
            return JsonSerializer.SerializeToElement(value, HealthJson.Options.GetTypeInfo(value.GetType()));
        }
        catch (NotSupportedException)
        {
            // A value the readiness body could not show either: its text, rather than nothing.
            return JsonSerializer.SerializeToElement(value.ToString() ?? "", HealthJson.Options.GetTypeInfo(typeof(string)));
        }
    }

    /// <summary>
    /// The last few remote results' times of one service. One would not do: a result loaded from the hash and one
    /// from the channel can be recorded together, and the first one's transition must still be known as remote when
    /// its ticket is asked for (else a joining replica alerts it as its own).
    /// </summary>
    private sealed class RecentStamps
    {
        private readonly DateTimeOffset[] _stamps = new DateTimeOffset[8];
        private int _next;

        public void Add(DateTimeOffset stamp)
        {
            lock (_stamps)
            {
                _stamps[_next] = stamp;
                _next = (_next + 1) % _stamps.Length;
            }
        }

        public bool Contains(DateTimeOffset stamp)
        {
            lock (_stamps)
            {
                return Array.IndexOf(_stamps, stamp) >= 0;
            }
        }
    }
}
