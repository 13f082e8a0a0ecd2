using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// Two gateway processes (the shipped binary, JIT or native) and one real redis-server between them: the backplane,
/// the WebSocket notifier and <c>POST /events</c> as a deployment runs them, nothing of the gateway in this process.
/// </summary>
public sealed class ReplicaProcessTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnEventPostedToOneGatewayProcessReachesAClientOfAnotherThroughRedisAndTheNotifierSelfCheckPassesThroughIt()
    {
        await using var redis = await RedisServer.StartAsync();
        var (portA, portB) = (FreePort.Get(), FreePort.Get());
        await using var a = GatewayProcess.Start([], Replica(redis, portA));
        await using var b = GatewayProcess.Start([], Replica(redis, portB));
        using var http = new HttpClient { Timeout = s_generous };
        await WaitUntilSubscribedAsync(http, a, portA);
        await WaitUntilSubscribedAsync(http, b, portB);

        using var socket = new ClientWebSocket();
        using (var connect = new CancellationTokenSource(s_generous))
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Text(portA)}/ws?user=u1"), connect.Token);
        }

        // The socket is registered a moment after the upgrade: the first event A itself says it delivered opens the run.
        await Eventually.ReturnsAsync(
            () => PostEventAsync(http, portA, "agent_started", step: 0),
            answer => answer.GetProperty("delivered").GetBoolean(), "replica A delivers to its client");
        var started = await ReceiveAsync(socket);
        Assert.Equal("agent_started", started.GetProperty("type").GetString());

        var thinking = await PostEventAsync(http, portB, "agent_thinking", step: 1);
        Assert.Equal("backplane", thinking.GetProperty("route").GetString());
        Assert.Equal(2, thinking.GetProperty("subscribers").GetInt64());

        var received = await ReceiveAsync(socket);
        Assert.Equal("agent_thinking", received.GetProperty("type").GetString());
        Assert.Equal("u1", received.GetProperty("user").GetString());
        Assert.Equal("run-1", received.GetProperty("runId").GetString());
        Assert.Equal(2, received.GetProperty("sequence").GetInt64());
        Assert.Equal(1, received.GetProperty("data").GetProperty("step").GetInt32());

        using var diagnostics = await http.PostAsync(new Uri($"http://127.0.0.1:{Text(portA)}/diagnostics/notifier"), null);
        var report = JsonDocument.Parse(await diagnostics.Content.ReadAsStringAsync()).RootElement;
        Assert.True(diagnostics.IsSuccessStatusCode, $"{(int)diagnostics.StatusCode}: {report}\n{a.Output}");
        Assert.True(report.GetProperty("success").GetBoolean(), report.ToString());
        Assert.True(report.GetProperty("backplane").GetProperty("success").GetBoolean(), report.ToString());
        Assert.Equal(5, report.GetProperty("events").EnumerateObject().Count());
    }

    private static CliEnvironment Replica(RedisServer redis, int port) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{Text(port)}",
        ["HealthGateway__Backplane__Redis"] = redis.ConnectionString,
    };

    private static Task WaitUntilSubscribedAsync(HttpClient http, GatewayProcess gateway, int port) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                // 200 or 503, whatever the other entries say: the backplane's entry is what counts here.
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Text(port)}/health/ready"));
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return body.GetProperty("entries").TryGetProperty("backplane", out var entry) && entry.GetProperty("status").GetString() == "Healthy";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the replica on port {port} subscribes to the backplane\n{gateway.Output}", s_generous);

    private static async Task<JsonElement> PostEventAsync(HttpClient http, int port, string type, int step)
    {
        var body = $$$"""{"user":"u1","type":"{{{type}}}","runId":"run-1","data":{"step":{{{Text(step)}}}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{Text(port)}/events"), content);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True((int)response.StatusCode == 202, answer.ToString());
        return answer;
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        using var timeout = new CancellationTokenSource(s_generous);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
