using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;

namespace HealthGateway.Api.Tests.Security;

/// <summary>What a client of the access rules does: upgrade requests whose refusal it reads, sockets, event posts.</summary>
internal static class AccessRequests
{
    /// <summary>
    /// Sends a WebSocket upgrade request over a raw TCP connection and returns the status and body of the answer
    /// (a ClientWebSocket only says "not 101"; the refusal's one line is what a user reads).
    /// </summary>
    public static async Task<(int Status, string Body)> UpgradeAsync(Uri baseUrl, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"GET {pathAndQuery} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n")
            .Append($"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append($"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            if (status == 101)
            {
                return (status, string.Empty);
            }

            var length = text[..end].Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
            if (Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length)
            {
                return (status, text[(end + 4)..]);
            }
        }

        throw new InvalidOperationException("the connection closed before a whole answer arrived");
    }

    /// <summary>Opens a socket to <paramref name="pathAndQuery"/> and waits until the gateway has registered it for <paramref name="user"/>.</summary>
    public static Task<TestWebSocketClient> OpenAsync(GatewayHost gateway, string pathAndQuery, string user, Action<System.Net.WebSockets.ClientWebSocketOptions>? configure = null) =>
        TestWebSocketClient.ConnectAsync(
            new Uri($"ws://{gateway.BaseUrl.Authority}{pathAndQuery}"), gateway.Services.GetRequiredService<WebSocketNotificationManager>(), user, configure);

    /// <summary>POSTs one agent_thinking event for <paramref name="user"/> to <paramref name="baseUrl"/>, with <paramref name="key"/> when given.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostEventAsync(HttpClient client, Uri baseUrl, string user, string? key, string runId = "run-1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "/events"))
        {
            Content = new StringContent($$$"""{"user":"{{{user}}}","type":"agent_thinking","runId":"{{{runId}}}","data":{"step":1}}""", Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
