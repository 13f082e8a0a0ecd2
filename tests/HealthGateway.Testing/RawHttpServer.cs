using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// An HTTP/1.1 server on a free loopback port that writes each response byte for byte, as a hostile dependency
/// would: control characters in header values, a byte order mark, any charset, anything Kestrel would refuse to
/// send. The request's path and query and its headers are handed to <see cref="RawHttpRequest"/>'s handler; one
/// request per connection.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly RawTcpServer _server;
    private readonly Func<RawHttpRequest, RawHttpResponse> _respond;

    public RawHttpServer(Func<RawHttpRequest, RawHttpResponse> respond)
    {
        _respond = respond;
        _server = new RawTcpServer(ServeAsync);
    }

    public int Port => _server.Port;

    public string BaseUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using (socket)
        {
            try
            {
                var head = await ReadHeadAsync(socket, ct);
                if (head is null)
                {
                    return;
                }

                var lines = head.Split("\r\n");
                var target = lines[0].Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
                var headers = lines.Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal))
                    .GroupBy(line => line[..line.IndexOf(':', StringComparison.Ordinal)].Trim(), StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(group => group.Key, group => group.First()[(group.First().IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
                var response = _respond(new RawHttpRequest(target, headers));
                var text = new StringBuilder("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(" X\r\n");
                foreach (var (name, value) in response.Headers)
                {
                    text.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                text.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\nConnection: close\r\n\r\n");

                // Latin-1 keeps every char below 256 as that byte, control characters included.
                await socket.SendAsync(Encoding.Latin1.GetBytes(text.ToString()).Concat(response.Body).ToArray(), SocketFlags.None, ct);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static async Task<string?> ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.Count < 64 * 1024)
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (count == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, count));
            var text = Encoding.Latin1.GetString(received.ToArray());
            if (text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
            {
                return text[..end];
            }
        }

        return null;
    }
}

/// <summary>What <see cref="RawHttpServer"/> was asked: the request target (path and query) and the headers.</summary>
public sealed record RawHttpRequest(string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Target.Split('?', 2)[0];

    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}

/// <summary>A response as <see cref="RawHttpServer"/> writes it: header values written as Latin-1 chars, the body as given.</summary>
public sealed record RawHttpResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public static RawHttpResponse Json(string json, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        new(200, [("Content-Type", contentType), .. headers], Encoding.UTF8.GetBytes(json));
}
