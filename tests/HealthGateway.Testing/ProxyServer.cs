using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// A small HTTP proxy on a free loopback port, as squid or a corporate proxy would be: <c>CONNECT host:port</c> opens a
/// tunnel (https, wss, grpc), and an absolute-form request (<c>GET http://host:port/path</c>) is forwarded (plain http).
/// It counts the tunnels and forwarded requests and records each target, so a test can tell whether a check went
/// through it. With credentials it answers 407 with a Basic challenge until a request carries them. It only connects
/// to loopback targets: tests never reach anything else through it.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly RawTcpServer _server;
    private readonly string? _expectedAuthorization;
    private readonly ConcurrentQueue<string> _targets = new();
    private int _tunnels;
    private int _forwarded;
    private int _refusedForCredentials;

    private ProxyServer(string? user, string? password)
    {
        _expectedAuthorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _server = new RawTcpServer(HandleAsync);
    }

    /// <summary>Starts an open proxy, or one that requires <paramref name="user"/> and <paramref name="password"/> (Basic).</summary>
    public static ProxyServer Start(string? user = null, string? password = null) => new(user, password);

    public int Port => _server.Port;

    /// <summary><c>http://127.0.0.1:port</c>, without credentials.</summary>
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>127.0.0.1:port</c>, as a check names the proxy.</summary>
    public string Address => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>CONNECT tunnels opened.</summary>
    public int Tunnels => Volatile.Read(ref _tunnels);

    /// <summary>Plain requests forwarded (the first of each client connection).</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>Requests answered 407 because they lacked the right credentials.</summary>
    public int RefusedForCredentials => Volatile.Read(ref _refusedForCredentials);

    /// <summary>Every target reached through the proxy, as <c>host:port</c>.</summary>
    public IReadOnlyCollection<string> Targets => [.. _targets];

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            var buffered = new List<byte>();
            while (await ReadHeadAsync(stream, buffered, stopping) is { } head)
            {
                var lines = head.Split("\r\n");
                var parts = lines[0].Split(' ');
                if (parts.Length != 3)
                {
                    return;
                }

                if (_expectedAuthorization is not null && !lines.Any(line => line.Equals($"Proxy-Authorization: {_expectedAuthorization}", StringComparison.OrdinalIgnoreCase)))
                {
                    Interlocked.Increment(ref _refusedForCredentials);
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n", stopping);
                    continue;
                }

                if (parts[0] == "CONNECT")
                {
                    await TunnelAsync(stream, parts[1], buffered, stopping);
                    return;
                }

                if (Uri.TryCreate(parts[1], UriKind.Absolute, out var target) && target.Scheme == "http")
                {
                    await ForwardAsync(stream, target, parts, lines, buffered, stopping);
                }

                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task TunnelAsync(NetworkStream stream, string authority, List<byte> buffered, CancellationToken stopping)
    {
        var colon = authority.LastIndexOf(':');
        using var upstream = await ConnectLoopbackAsync(authority[..colon], int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture), stopping);
        if (upstream is null)
        {
            await WriteAsync(stream, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", stopping);
            return;
        }

        Interlocked.Increment(ref _tunnels);
        _targets.Enqueue(authority);
        await WriteAsync(stream, "HTTP/1.1 200 Connection Established\r\n\r\n", stopping);
        await PumpAsync(stream, upstream, buffered, stopping);
    }

    private async Task ForwardAsync(NetworkStream stream, Uri target, string[] parts, string[] lines, List<byte> buffered, CancellationToken stopping)
    {
        using var upstream = await ConnectLoopbackAsync(target.Host, target.Port, stopping);
        if (upstream is null)
        {
            await WriteAsync(stream, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", stopping);
            return;
        }

        Interlocked.Increment(ref _forwarded);
        _targets.Enqueue($"{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}");

        // Origin form for the server, and nothing of the proxy's own headers.
        var head = new StringBuilder($"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n");
        foreach (var line in lines.Skip(1).Where(line => line.Length > 0 && !line.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(line).Append("\r\n");
        }

        await using var server = new NetworkStream(upstream, ownsSocket: false);
        await WriteAsync(server, head.Append("\r\n").ToString(), stopping);
        await PumpAsync(stream, upstream, buffered, stopping);
    }

    private static async Task<Socket?> ConnectLoopbackAsync(string host, int port, CancellationToken stopping)
    {
        if (host.Trim('[', ']') is not ("127.0.0.1" or "localhost" or "::1"))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stopping);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    // Both directions until either side closes; bytes the client sent past the request head go first.
    private static async Task PumpAsync(NetworkStream client, Socket upstream, List<byte> buffered, CancellationToken stopping)
    {
        await using var server = new NetworkStream(upstream, ownsSocket: false);
        if (buffered.Count > 0)
        {
            await server.WriteAsync(buffered.ToArray(), stopping);
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var up = client.CopyToAsync(server, done.Token);
        var down = server.CopyToAsync(client, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // One request head (up to the blank line), leaving what follows it in buffered; null when the client closed.
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, List<byte> buffered, CancellationToken stopping)
    {
        var chunk = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString(buffered.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                buffered.RemoveRange(0, end + 4);
                return text[..end];
            }

            if (buffered.Count > 16 * 1024)
            {
                return null;
            }

            var read = await stream.ReadAsync(chunk, stopping);
            if (read == 0)
            {
                return null;
            }

            buffered.AddRange(chunk.AsSpan(0, read));
        }
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken stopping) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), stopping).AsTask();
}
