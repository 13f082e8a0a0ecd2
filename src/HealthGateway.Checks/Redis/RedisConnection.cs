using System.Net.Sockets;
using HealthGateway.Checks.Execution;
using StackExchange.Redis;

namespace HealthGateway.Checks.Redis;

/// <summary>
/// One shared multiplexer per Redis service, created on first use so a Redis that is down never blocks the
/// gateway's start. It fails fast instead of queueing commands while disconnected (the client's default backlog
/// held a check for 5.7 s after Redis died), reconnects by itself, and remembers why the last connection attempt
/// failed, which the multiplexer's own exceptions hide.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisHealthCheckOptions _options;
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _multiplexer;
    private volatile string? _lastFailure;

    /// <summary>Prepares, but does not open, the connection described by <paramref name="options"/>.</summary>
    public RedisConnection(RedisHealthCheckOptions options)
    {
        _options = options;
    }

    /// <summary>Why the last connection attempt failed, described; null while connected.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>
    /// The multiplexer, connecting on first call. It may be returned while still disconnected (it reconnects by
    /// itself); only if creating it failed outright is it created again on the next call.
    /// </summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_gate)
        {
            if (_multiplexer is null || _multiplexer.IsFaulted || _multiplexer.IsCanceled)
            {
                _multiplexer = ConnectAsync();
            }

            return _multiplexer;
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var milliseconds = (int)Math.Clamp(_options.Timeout.TotalMilliseconds, 100, int.MaxValue);
        var configuration = ConfigurationOptions.Parse(_options.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = milliseconds;
        configuration.SyncTimeout = milliseconds;
        configuration.AsyncTimeout = milliseconds;
        configuration.ConnectRetry = 1;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ClientName ??= "HealthGateway";

        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, args) => _lastFailure = Describe(args);
        multiplexer.ConnectionRestored += (_, _) => _lastFailure = null;
        return multiplexer;
    }

    /// <summary>
    /// Why the multiplexer is not connected. The failure of the very first attempt happens before its events
    /// can be attached, so when nothing has been recorded yet the server is asked directly: a refused connect,
    /// or its own answer to PING, which tells a password problem from a non-Redis peer.
    /// </summary>
    public async Task<string> DescribeDisconnectedAsync(IConnectionMultiplexer multiplexer, CancellationToken cancellationToken)
    {
        if (_lastFailure is { } known)
        {
            return known;
        }

        var endPoint = multiplexer.GetEndPoints().FirstOrDefault();
        if (endPoint is null)
        {
            return $"not connected ({_options.Target})";
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);

            // The port answers: ask the server itself, which tells a password problem from a non-Redis peer.
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            var reply = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
            return reply switch
            {
                _ when reply.StartsWith("-NOAUTH", StringComparison.Ordinal) || reply.StartsWith("-WRONGPASS", StringComparison.Ordinal)
                    => $"authentication failed ({_options.Target})",
                _ when reply.StartsWith("+PONG", StringComparison.Ordinal) => $"Redis answers, but the client could not connect ({_options.Target})",
                "" => $"connection closed by the server ({_options.Target})",
                _ => $"not a Redis server: unexpected reply to PING ({_options.Target})",
            };
        }
        catch (SocketException exception)
        {
            return FailureDescriber.Describe(exception, _options.Target);
        }
    }

    private string Describe(ConnectionFailedEventArgs args)
    {
        var suffix = $" ({_options.Target})";
        if (args.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            return $"authentication failed{suffix}";
        }

        for (var exception = args.Exception; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException socket)
            {
                return FailureDescriber.Describe(socket, _options.Target);
            }

            if (exception.Message.Contains("NOAUTH", StringComparison.Ordinal) || exception.Message.Contains("WRONGPASS", StringComparison.Ordinal))
            {
                return $"authentication failed{suffix}";
            }
        }

        return args.FailureType switch
        {
            ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection => $"unable to connect{suffix}",
            ConnectionFailureType.SocketClosed => $"connection closed by the server{suffix}",
            ConnectionFailureType.ProtocolFailure => $"not a Redis server, or a protocol error{suffix}",
            _ => $"connection failed: {args.FailureType}{suffix}",
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? pending;
        lock (_gate)
        {
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
