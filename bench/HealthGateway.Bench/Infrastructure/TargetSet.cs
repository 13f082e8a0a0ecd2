using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HealthGateway.Testing;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// One host's five real dependencies, each counting what it receives: a Kestrel HTTP target (behind a
/// <see cref="FaultProxy"/>), its WebSocket echo endpoint, a TCP port, a redis-server of its own and a database
/// of its own on the shared PostgreSQL server. The gateway and the stock baseline get a set each, so the load
/// one puts on its targets never shows up in the other's counts.
/// </summary>
internal sealed class TargetSet : IAsyncDisposable
{
    private readonly PostgresServer _postgres;

    private readonly PostgresStatementLog? _statementLog;

    private TargetSet(string name, PostgresServer postgres, PostgresStatementLog? statementLog, TargetServer http, FaultProxy proxy,
        CountingTcpListener tcp, RedisServer redis, string database)
    {
        Name = name;
        _postgres = postgres;
        _statementLog = statementLog;
        Http = http;
        Proxy = proxy;
        Tcp = tcp;
        Redis = redis;
        Database = database;
    }

    public string Name { get; }

    public TargetServer Http { get; }

    public FaultProxy Proxy { get; }

    public CountingTcpListener Tcp { get; }

    public RedisServer Redis { get; }

    public string Database { get; }

    /// <summary>The HTTP check's URL: through the proxy, so it can be blackholed or refused.</summary>
    public string HttpUrl => $"http://127.0.0.1:{Proxy.Port.ToString(CultureInfo.InvariantCulture)}/ok";

    public string WebSocketUrl => $"{Http.WebSocketBaseUrl}/ws/echo";

    public string TcpUrl => $"tcp://127.0.0.1:{Tcp.Port.ToString(CultureInfo.InvariantCulture)}";

    public string PostgresConnectionString => _postgres.ConnectionStringFor(Database);

    public string RedisConnectionString => Redis.ConnectionString;

    /// <param name="statementLog">Where PostgreSQL logs this set's statements (database <paramref name="name"/>, created
    /// already); null to leave the database unlogged and uncounted.</param>
    public static async Task<TargetSet> StartAsync(string name, PostgresServer postgres, PostgresStatementLog? statementLog)
    {
        var http = await TargetServer.StartAsync();
        var proxy = new FaultProxy(http.Port);
        var tcp = new CountingTcpListener();
        var redis = await RedisServer.StartAsync();
        if (statementLog is null)
        {
            await postgres.CreateDatabaseAsync(name);
        }

        return new TargetSet(name, postgres, statementLog, http, proxy, tcp, redis, name);
    }

    public async Task<DependencyCounts> CountAsync() => new(
        Http.Hits("/ok"),
        Http.Hits("/ws/echo"),
        Tcp.Accepted,
        await RedisCommandCallsAsync("ping"),
        _statementLog?.Count(Database, "SELECT 1") ?? -1,
        DateTime.UtcNow);

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Http.DisposeAsync();
        await Tcp.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Calls of one command so far, from INFO commandstats (a raw RESP exchange, so no client of ours adds PINGs).</summary>
    private async Task<long> RedisCommandCallsAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Redis.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n"u8.ToArray());
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        int? expected = null;
        while (expected is null || Encoding.ASCII.GetByteCount(text.ToString()) < expected)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var all = text.ToString();
            var header = all.IndexOf("\r\n", StringComparison.Ordinal);
            if (expected is null && header > 0)
            {
                expected = header + 2 + int.Parse(all[1..header], CultureInfo.InvariantCulture) + 2;
            }
        }

        var prefix = $"cmdstat_{command}:calls=";
        foreach (var line in text.ToString().Split("\r\n"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
