using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>A real redis-server process on a free loopback port, in memory only (no RDB, no AOF).</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string InstallHint = "install Redis (Debian package 'redis-server'), as .ci/run does";

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _workingDirectory;
    private ProcessRunner? _server;
    private bool _frozen;

    private RedisServer(string workingDirectory, int port, string? password)
    {
        _workingDirectory = workingDirectory;
        Port = port;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The <c>requirepass</c> password, or null when the server needs none.</summary>
    public string? Password { get; }

    /// <summary>StackExchange.Redis configuration string: <c>127.0.0.1:port[,password=…]</c>.</summary>
    public string ConnectionString =>
        Password is null
            ? $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)},password={Password}";

    /// <summary>Starts redis-server; ready once it answers PING (after AUTH when a password is set).</summary>
    public static async Task<RedisServer> StartAsync(string? password = null, CancellationToken ct = default)
    {
        var workingDirectory = ExitGuard.CreateScratchDirectory("healthgateway-redis-");
        try
        {
            return await StartOnFreePort.StartAsync(port => new RedisServer(workingDirectory, port, password), server => server.LaunchAsync(ct));
        }
        catch
        {
            ExitGuard.DeleteScratchDirectory(workingDirectory);
            throw;
        }
    }

    /// <summary>Stops the server (SIGTERM; data is lost, nothing is persisted). The port is kept for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        // A stopped process holds SIGTERM pending; it must run again to exit.
        Thaw();
        await _server.ShutDownAsync(PosixSignals.Terminate, _stopTimeout);
        _server = null;
    }

    /// <summary>Kills the server outright (SIGKILL, as <c>kill -9</c>): no shutdown, the port refuses at once. The port is kept for <see cref="StartAgainAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.KillTree();
        await _server.DisposeAsync();
        _server = null;
        _frozen = false;
    }

    /// <summary>Starts the server again on the same port (empty: Redis kept nothing).</summary>
    public Task StartAgainAsync(CancellationToken ct = default) =>
        RestartOnSamePort.StartAgainAsync("Redis", Port, _server is not null, LaunchAsync, ct);

    /// <summary>SIGSTOPs redis-server: connections complete in the kernel but no command is ever answered.</summary>
    public void Freeze()
    {
        if (_server is null || _server.HasExited)
        {
            throw new InvalidOperationException("Redis is not running.");
        }

        PosixSignals.Send(_server.Id, PosixSignals.Stop);
        _frozen = true;
    }

    /// <summary>Resumes a frozen server (SIGCONT); a no-op when it is not frozen.</summary>
    public void Thaw()
    {
        if (_frozen && _server is not null && !_server.HasExited)
        {
            PosixSignals.Send(_server.Id, PosixSignals.Continue);
        }

        _frozen = false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        ExitGuard.DeleteScratchDirectory(_workingDirectory);
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var redisServer = ExecutableLocator.Find("redis-server", InstallHint, "/usr/bin", "/usr/local/bin");
        List<string> arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--dir", _workingDirectory,
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        _server = await ServerReadiness.StartAsync(
            () => ProcessRunner.Start(redisServer, arguments, _workingDirectory, PosixSignals.Terminate), server => WaitUntilReadyAsync(server, ct));
    }

    private Task WaitUntilReadyAsync(ProcessRunner server, CancellationToken ct) =>
        ServerReadiness.WaitAsync(server, $"Redis on 127.0.0.1:{Port}", _readyTimeout, TimeSpan.FromMilliseconds(50),
            async token =>
            {
                await PingAsync(token);
                return true;
            },
            static ex => ex is SocketException or IOException or OperationCanceledException, ct, "Address already in use");

    // A raw RESP exchange keeps this project free of a Redis client library.
    private async Task PingAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), timeout.Token);
        var stream = client.GetStream();
        if (Password is not null)
        {
            await SendCommandAsync(stream, ["AUTH", Password], timeout.Token);
            var auth = await ReadLineAsync(stream, timeout.Token);
            if (auth != "+OK")
            {
                throw new IOException($"AUTH answered '{auth}'.");
            }
        }

        await SendCommandAsync(stream, ["PING"], timeout.Token);
        var pong = await ReadLineAsync(stream, timeout.Token);
        if (pong != "+PONG")
        {
            throw new IOException($"PING answered '{pong}'.");
        }
    }

    private static async Task SendCommandAsync(NetworkStream stream, string[] parts, CancellationToken ct)
    {
        var command = new StringBuilder();
        command.Append(CultureInfo.InvariantCulture, $"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            command.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()), ct);
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken ct)
    {
        var line = new List<byte>();
        var buffer = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(buffer, ct) == 0)
            {
                throw new IOException("Redis closed the connection.");
            }

            if (buffer[0] == '\n')
            {
                return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(buffer[0]);
        }
    }
}
