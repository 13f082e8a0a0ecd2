using System.Net;
using HealthGateway.Checks.Kinds.Redis;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// This replica's link to the backplane: its own Redis client (one multiplexer, created in the background so a
/// Redis that is down never holds up start), the channel, and the replica's id in the messages it publishes. The
/// client fails fast instead of queueing commands while disconnected and reconnects by itself.
/// </summary>
internal sealed class BackplaneConnection : IAsyncDisposable
{
    private readonly BackplaneOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BackplaneConnection> _logger;
    private readonly ConfigurationOptions _configuration;
    private readonly ResiliencePipeline<IConnectionMultiplexer?> _createRetry;
    private readonly TaskCompletionSource<IConnectionMultiplexer> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IConnectionMultiplexer? _multiplexer;
    private bool _createFailed;

    public BackplaneConnection(IOptions<BackplaneOptions> options, TimeProvider timeProvider, ILogger<BackplaneConnection> logger)
    {
        _options = options.Value;
        if (!_options.Enabled || RedisTarget.TryDescribe(_options.Redis!, out var target) is not null)
        {
            throw new InvalidOperationException($"{BackplaneOptions.SectionName}:{nameof(BackplaneOptions.Redis)} is not a usable connection string.");
        }

        Target = target;
        _timeProvider = timeProvider;
        _logger = logger;
        // Its own client, not the redis check's: a publish fails at once while disconnected, within PublishTimeout.
        _configuration = RedisTarget.FailFastClient(_options.Redis!, _options.PublishTimeout, "HealthGateway-backplane");
        Channel = RedisChannel.Literal(_options.Channel);

        // The host name is the pod or container name where there is one: it says which replica in a log line.
        ReplicaId = $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        _createRetry = BackplaneRetry.Forever<IConnectionMultiplexer?>(timeProvider, static outcome => outcome.Exception is not null, OnCreateFailed);
    }

    /// <summary>This replica's id in the messages it publishes.</summary>
    public string ReplicaId { get; }

    /// <summary>host:port of Redis: what may be shown of the connection string.</summary>
    public string Target { get; }

    public RedisChannel Channel { get; }

    public string ChannelName => _options.Channel;

    /// <summary>The multiplexer once created (it may be disconnected); null until then.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>Completes with the multiplexer once <see cref="ConnectAsync"/> has created it: others share it instead of opening their own.</summary>
    public Task<IConnectionMultiplexer> Created => _created.Task;

    /// <summary>
    /// Creates the multiplexer. It normally exists at once even while Redis is down (it connects in the background);
    /// only when creating it fails outright is that retried, until it works or <paramref name="stopping"/> fires
    /// (then null).
    /// </summary>
    public async Task<IConnectionMultiplexer?> ConnectAsync(CancellationToken stopping)
    {
        try
        {
            _multiplexer = await _createRetry.ExecuteAsync(
                static async (configuration, _) => (IConnectionMultiplexer?)await ConnectionMultiplexer.ConnectAsync(configuration),
                _configuration, stopping);
            if (_multiplexer is { } created)
            {
                _created.TrySetResult(created);
            }

            return _multiplexer;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Why Redis is not connected now, asked of the server within <paramref name="timeout"/> (see <see cref="RedisDiagnosis"/>).</summary>
    public Task<string> DiagnoseAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        RedisDiagnosis.DescribeAsync(_configuration, Target, timeout, _timeProvider, cancellationToken);

    /// <summary>host:port of a failed connection's endpoint, for a log line.</summary>
    public string Describe(EndPoint? endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => Target,
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }

    /// <summary>True once creating the client has failed outright (it is being retried): Redis cannot be asked anything meanwhile.</summary>
    public bool CreateFailed => Volatile.Read(ref _createFailed);

    private void OnCreateFailed(int attempt, Outcome<IConnectionMultiplexer?> outcome)
    {
        Volatile.Write(ref _createFailed, true);
        if (attempt == 0)
        {
            // The exception's type and message may quote the configuration: say only what the retry does.
            _logger.LogWarning(
                "Redis backplane could not create its Redis client for {Target}; retrying with backoff up to every {MaxDelay}",
                Target, BackplaneRetry.MaxDelay);
        }
    }
}
