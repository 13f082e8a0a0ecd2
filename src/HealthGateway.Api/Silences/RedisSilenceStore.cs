using System.Text.Json;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Kinds.Redis;
using StackExchange.Redis;

namespace HealthGateway.Api.Silences;

/// <summary>
/// Silences in one Redis hash (<see cref="Key"/>, field = id, value = the silence as JSON) on the backplane's
/// Redis: every replica reads the same hash, and it outlives any of them. Ends are decided on the gateway's clock
/// (<c>until</c>), and an ended silence is deleted by whichever replica next reads it. A connection of its own,
/// failing fast while Redis is down instead of queueing commands.
/// </summary>
public sealed class RedisSilenceStore : ISilenceStore, IAsyncDisposable
{
    /// <summary>The Redis hash holding every silence.</summary>
    public const string Key = "healthgateway:silences";

    private readonly ConfigurationOptions _options;
    private readonly string _target;
    private readonly ActiveSilences _active;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    /// <summary>Prepares the connection (made on first use) to <paramref name="connectionString"/>.</summary>
    public RedisSilenceStore(string connectionString, ActiveSilences active)
    {
        _active = active;
        _target = RedisTarget.TryDescribe(connectionString, out var target) is null ? target : "redis";
        _options = ConfigurationOptions.Parse(connectionString);
        _options.AbortOnConnectFail = false;
        _options.ConnectTimeout = 2000;
        _options.AsyncTimeout = 2000;
        _options.SyncTimeout = 2000;
        _options.BacklogPolicy = BacklogPolicy.FailFast;
        _options.ClientName ??= "healthgateway-silences";
    }

    /// <inheritdoc />
    public async Task AddAsync(Silence silence, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(silence, SilenceJsonContext.Default.Silence);
        await UseAsync(db => db.HashSetAsync(Key, silence.Id, json), cancellationToken);
        await ListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var active = (await ListAsync(cancellationToken)).Any(silence => silence.Id == id);
        var removed = active && await UseAsync(db => db.HashDeleteAsync(Key, id), cancellationToken);
        await ListAsync(cancellationToken);
        return removed;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken)
    {
        var fields = await UseAsync(db => db.HashGetAllAsync(Key), cancellationToken);
        var now = _active.Now;
        var silences = new List<Silence>(fields.Length);
        var ended = new List<RedisValue>();
        foreach (var field in fields)
        {
            var silence = Parse(field.Value);
            if (silence is null || silence.Until <= now)
            {
                ended.Add(field.Name);
                continue;
            }

            silences.Add(silence);
        }

        if (ended.Count > 0)
        {
            // Another replica may delete the same fields at the same time: HDEL of a missing field is harmless.
            await UseAsync(db => db.HashDeleteAsync(Key, [.. ended]), cancellationToken);
        }

        silences.Sort(static (a, b) => a.Until.CompareTo(b.Until));
        _active.Replace(silences);
        return silences;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private static Silence? Parse(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize((string?)value ?? "", SilenceJsonContext.Default.Silence);
        }
        catch (JsonException)
        {
            // Not ours, or from an incompatible version: treated as ended, so it is cleared out.
            return null;
        }
    }

    private async Task<T> UseAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            return await command(connection.GetDatabase()).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new SilenceStoreUnavailableException(
                $"silences are kept in Redis ({_target}), which did not answer: {FailureDescriber.Describe(exception, _target)}");
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(_options);
        }
        finally
        {
            _connecting.Release();
        }
    }
}
