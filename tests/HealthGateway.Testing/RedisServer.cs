using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>A real redis-server process on a free loopback port, in memory only (no RDB, no AOF).</summary>
public sealed class RedisServer : ServerProcess
{
    private const string InstallHint = "install Redis (Debian package 'redis-server'), as .ci/run does";

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(10);

    private RedisServer(string workingDirectory, int port, string? password)
        : base("Redis", workingDirectory, port, PosixSignals.Terminate, _stopTimeout)
    {
        Password = password;
    }

    /// <summary>The <c>requirepass</c> password, or null when the server needs none.</summary>
    public string? Password { get; }

    /// <summary>StackExchange.Redis configuration string: <c>127.0.0.1:port[,password=…]</c>.</summary>
    public string ConnectionString =>
        Password is null
            ? $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)},password={Password}";

    /// <summary>Starts redis-server; ready once it answers PING (after AUTH when a password is set). Stopping loses the data: nothing is persisted.</summary>
    public static Task<RedisServer> StartAsync(string? password = null, CancellationToken ct = default) =>
        StartOnFreePortAsync("healthgateway-redis-", static (_, _) => Task.CompletedTask,
            (workingDirectory, port) => new RedisServer(workingDirectory, port, password), ct);

    private protected override ProcessRunner StartProcess()
    {
        var redisServer = ExecutableLocator.Find("redis-server", InstallHint, "/usr/bin", "/usr/local/bin");
        List<string> arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--dir", RootDirectory,
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        return ProcessRunner.Start(redisServer, arguments, RootDirectory, PosixSignals.Terminate);
    }

    private protected override Task WaitUntilReadyAsync(ProcessRunner process, CancellationToken ct) =>
        ServerReadiness.WaitAsync(process, $"Redis on 127.0.0.1:{Port}", _readyTimeout, TimeSpan.FromMilliseconds(50),
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
