using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Checks.Core.Proxies;

/// <summary>
/// Opens a <c>CONNECT</c> tunnel through an HTTP proxy for a client whose HTTP stack will not: SocketsHttpHandler
/// sends HTTP/2 through a proxy only over TLS, and not at all for cleartext HTTP/2 (gRPC's <c>http://</c>). The
/// handler then speaks TLS and HTTP/2 over the tunnel as over a direct connection. Credentials go with the first
/// request (Basic), as a proxy that wants them would only ask for them.
/// </summary>
internal static class ProxyTunnel
{
    private const int MaxHeadBytes = 16 * 1024;

    /// <summary>A stream to <paramref name="host"/>:<paramref name="port"/> through <paramref name="proxy"/>.</summary>
    /// <exception cref="HttpRequestException">The proxy answered anything but 2xx (<see cref="HttpRequestError.ProxyTunnelError"/>).</exception>
    public static async ValueTask<Stream> OpenAsync(Uri proxy, NetworkCredential? credentials, string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(proxy.IdnHost, proxy.Port), cancellationToken);
            var stream = new NetworkStream(socket, ownsSocket: true);
            var authority = $"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port.ToString(CultureInfo.InvariantCulture)}";
            var request = new StringBuilder($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
            if (credentials is not null)
            {
                var pair = Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}");
                request.Append("Proxy-Authorization: Basic ").Append(Convert.ToBase64String(pair)).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), cancellationToken);
            var status = await ReadStatusAsync(stream, cancellationToken);
            if (status is < 200 or > 299)
            {
                await stream.DisposeAsync();

                // The words SocketsHttpHandler uses for its own tunnels, so one describer reads both.
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError,
                    $"The proxy tunnel request to proxy '{proxy.IdnHost}:{proxy.Port}' failed with status code '{status.ToString(CultureInfo.InvariantCulture)}'.");
            }

            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Reads the response head byte by byte, so nothing the target sends after it is taken from the stream.
    private static async Task<int> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < MaxHeadBytes)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy closed the connection before answering CONNECT.");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                break;
            }
        }

        var statusLine = Encoding.ASCII.GetString([.. head]).Split("\r\n", 2)[0].Split(' ');
        return statusLine.Length >= 2 && statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            && int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy's answer to CONNECT is not HTTP.");
    }
}
