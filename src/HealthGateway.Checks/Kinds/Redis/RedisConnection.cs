using System.Net.Sockets;
using HealthGateway.Checks.Core.Failures;
using StackExchange.Redis;

namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>
/// One shared multiplexer per Redis service, created on first use so a Redis that is down never blocks the
/// gateway's start. It fails fast instead of queueing commands while disconnected (the client's default backlog
/// held a check for 5.7 s after Redis died), reconnects by itself, and remembers why the last connection attempt
/// failed, which the multiplexer's own exceptions hide.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisHealthCheckOptions _options;

    // Parsed once (the kind validated it at start): every description of an outage reads its endpoint and login.
    private readonly ConfigurationOptions _configuration;
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _multiplexer;
    private volatile string? _lastFailure;
    private bool _disposed;

    /// <summary>Prepares, but does not open, the connection described by <paramref name="options"/>.</summary>
    public RedisConnection(RedisHealthCheckOptions options)
    {
        _options = options;
        _configuration = ConfigurationOptions.Parse(options.ConnectionString);
    }

    /// <summary>Why the last connection attempt failed, described; null while connected.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>
    /// The multiplexer, connecting on first call. It may be returned while still disconnected (it reconnects by
    /// itself); only if creating it failed outright is it created again on the next call. After
    /// <see cref="DisposeAsync"/> it throws <see cref="ObjectDisposedException"/>: a check that outlived its host
    /// must not open a multiplexer that nothing would dispose, reconnecting to a removed service for ever.
    /// </summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is null || _multiplexer.IsFaulted || _multiplexer.IsCanceled)
            {
                _multiplexer = ConnectAsync();
            }

            return _multiplexer;
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var configuration = RedisTarget.FailFastClient(_options.ConnectionString, _options.Timeout, "HealthGateway");
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, args) => _lastFailure = Describe(args);
        multiplexer.ConnectionRestored += (_, _) => _lastFailure = null;
        return multiplexer;
    }

    /// <summary>
    /// Why the multiplexer is not connected (or not yet: its first connect can take the client's whole connect
    /// timeout, even on a port that refuses at once), as of now. The multiplexer reports a failure once, when a
    /// connection drops, and not for each failed reconnect (after <c>kill -9</c> it would say "connection closed"
    /// for the whole outage while the port refuses), and its first connect fails before its events are attached;
    /// so the server is asked directly each time: a refused connect, a refused password, a non-Redis peer.
    /// </summary>
    public async Task<string> DescribeDisconnectedAsync(CancellationToken cancellationToken)
    {
        if (_configuration.EndPoints.FirstOrDefault() is not { } endPoint)
        {
            return _lastFailure ?? $"not connected ({_options.Target})";
        }

        return await RedisServerProbe.DescribeAsync(endPoint, _configuration, _options.Target, cancellationToken)
            ?? (_configuration.Ssl ? _lastFailure : null)
            ?? $"Redis answers, but the client is not connected yet ({_options.Target})";
    }

    private string Describe(ConnectionFailedEventArgs args)
    {
        var suffix = $" ({_options.Target})";
        for (var exception = args.Exception; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException socket)
            {
                return FailureDescriber.Describe(socket, _options.Target);
            }

            // Only a refusal of the credentials is an authentication failure. The client also reports one when a
            // server merely answered NOAUTH (a reply before the login, as a thawed server's backlog can give).
            if (RedisServerProbe.RefusesCredentials(exception.Message))
            {
                return $"authentication failed{suffix}";
            }
        }

        return args.FailureType switch
        {
            ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection => $"unable to connect{suffix}",
            ConnectionFailureType.SocketClosed => $"connection closed by the server{suffix}",
            ConnectionFailureType.ProtocolFailure => $"not a Redis server, or a protocol error{suffix}",
            ConnectionFailureType.AuthenticationFailure => $"login not completed{suffix}",
            _ => $"connection failed: {args.FailureType}{suffix}",
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? pending;
        lock (_gate)
        {
            _disposed = true;
            pending = _multiplexer;
        }

        if (pending is null)
        {
            return;
        }

        try
        {
            // A connect still in progress is waited for, so its multiplexer and reconnect timer are disposed too.
            await (await pending.WaitAsync(_options.Timeout + TimeSpan.FromSeconds(5))).DisposeAsync();
        }
        catch (Exception exception) when (exception is TimeoutException or RedisException or SocketException)
        {
            // Nothing was connected, or the connect outlived the host: nothing left to release here.
        }
    }
}
