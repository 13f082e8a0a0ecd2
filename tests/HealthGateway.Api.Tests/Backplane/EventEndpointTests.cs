using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary><c>POST /events</c> on a real gateway without a backplane: what a producer sends and what it gets back.</summary>
public sealed class EventEndpointTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await new GatewaySettings().StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task APostedEventReachesTheUsersClientAndIsAnsweredWith202()
    {
        await using var client = await TestWebSocketClient.ConnectAsync(_gateway, "u1");

        var (status, body) = await _gateway.PostEventAsync(new { user = "u1", type = "tool_executing", runId = "run-7", data = new { tool = "grep", args = new[] { "-n" } } });

        Assert.Equal(202, status);
        Assert.True(body.GetProperty("delivered").GetBoolean());
        Assert.Equal(1, body.GetProperty("connections").GetInt32());
        Assert.Equal("local", body.GetProperty("route").GetString());
        Assert.False(body.TryGetProperty("subscribers", out _));
        var received = await client.ReceiveEventAsync();
        Assert.Equal(("tool_executing", "u1", "run-7", 1L), (received.Type, received.User, received.RunId, received.Sequence));
        Assert.Equal("grep", received.Data.GetProperty("tool").GetString());
        Assert.Equal("-n", received.Data.GetProperty("args")[0].GetString());
    }

    [Fact]
    public async Task AnEventWithoutRunIdOrDataBelongsToTheDefaultRunWithEmptyData()
    {
        await using var client = await TestWebSocketClient.ConnectAsync(_gateway, "u1");

        await _gateway.PostEventAsync(new { user = "u1", type = "agent_started" });
        await _gateway.PostEventAsync(new { user = "u1", type = "agent_thinking", data = (object?)null });

        var first = await client.ReceiveEventAsync();
        var second = await client.ReceiveEventAsync();
        Assert.Equal(("default", 1L), (first.RunId, first.Sequence));
        Assert.Equal(("default", 2L), (second.RunId, second.Sequence));
        Assert.Empty(second.Data.EnumerateObject());
    }

    [Fact]
    public async Task AnEventForAUserWithoutConnectionsIsAcceptedAsNotDelivered()
    {
        var (status, body) = await _gateway.PostEventAsync(new { user = "nobody", type = "agent_started" });

        Assert.Equal(202, status);
        Assert.False(body.GetProperty("delivered").GetBoolean());
        Assert.Equal(0, body.GetProperty("connections").GetInt32());
    }

    public static TheoryData<string, string, string> InvalidEvents => new()
    {
        { """{"user":"u1","type":"agent_exploded"}""", "type", "unknown type 'agent_exploded': expected one of agent_started, agent_thinking, tool_executing, tool_completed, agent_completed" },
        { """{"type":"agent_started"}""", "user", "user is required" },
        { """{"user":"","type":"agent_started"}""", "user", "user is required" },
        { """{"user":"u1"}""", "type", "type is required" },
        { $$"""{"user":"{{new string('u', 129)}}","type":"agent_started"}""", "user", "user must be at most 128 characters" },
        { """{"user":"u\u0007","type":"agent_started"}""", "user", "user must be printable text" },
        { """{"user":"u1","type":"agent_started","runId":""}""", "runId", "runId must be 1-128 printable characters" },
        { """{"user":"u1","type":"agent_started","data":[1,2]}""", "data", "data must be a JSON object (got array)" },
        { """{"user":"u1","type":"agent_started","data":"text"}""", "data", "data must be a JSON object (got string)" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task AnInvalidEventIsBadRequestNamingTheFieldAndWhy(string json, string field, string message)
    {
        await using var client = await TestWebSocketClient.ConnectAsync(_gateway, "u1");

        var (status, body) = await _gateway.PostRawEventAsync(json);

        Assert.Equal(400, status);
        Assert.Equal("Invalid event", body.GetProperty("title").GetString());
        Assert.StartsWith(message, body.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingWasDeliveredAsync(client);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"user":"u1","type":"agent_started",}""")]
    [InlineData("""{"user":5,"type":"agent_started"}""")]
    [InlineData("[]")]
    [InlineData("\"agent_started\"")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("user=u1&type=agent_started")]
    public async Task MalformedJsonIsBadRequestNotAServerError(string body)
    {
        var (status, problem) = await _gateway.PostRawEventAsync(body);

        Assert.Equal(400, status);
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ABodyOverSixtyFourKibibytesIsBadRequestAndNotDelivered()
    {
        await using var client = await TestWebSocketClient.ConnectAsync(_gateway, "u1");
        var padding = new string('x', 64 * 1024);

        var (status, problem) = await _gateway.PostEventAsync(new { user = "u1", type = "agent_started", data = new { padding } });

        Assert.Equal(400, status);
        Assert.Equal("Event too large", problem.GetProperty("title").GetString());
        Assert.Equal("An event may be at most 65536 bytes of JSON.", problem.GetProperty("detail").GetString());
        await AssertNothingWasDeliveredAsync(client);

        // Just under the limit is fine.
        var (justUnder, _) = await _gateway.PostEventAsync(new { user = "u1", type = "agent_started", data = new { padding = padding[..(60 * 1024)] } });
        Assert.Equal(202, justUnder);
    }

    [Fact]
    public async Task ABodyOverTheLimitWithoutContentLengthIsBadRequestToo()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events")
        {
            Content = new StreamContent(new ChunkedOnlyStream(new string(' ', 70 * 1024) + """{"user":"u1","type":"agent_started"}""")),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("Event too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostingRequiresTheApiKeyWhenOneIsConfigured()
    {
        await using var secured = await new GatewaySettings().Set("HealthGateway:ApiKey", "k3y-for-events").StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(secured, "u1", options => options.SetRequestHeader("X-Api-Key", "k3y-for-events"));
        var valid = new { user = "u1", type = "agent_started" };

        var (anonymous, problem) = await secured.PostEventAsync(valid);
        var (wrong, _) = await secured.PostEventAsync(valid, apiKey: "nope");
        var (withKey, _) = await secured.PostEventAsync(valid, apiKey: "k3y-for-events");

        Assert.Equal(401, anonymous);
        Assert.Equal("API key required", problem.GetProperty("title").GetString());
        Assert.Equal(401, wrong);
        Assert.Equal(202, withKey);
        Assert.Equal("agent_started", (await client.ReceiveEventAsync()).Type);
    }

    /// <summary>Sends a marker event and checks that it is the next thing the client sees.</summary>
    private async Task AssertNothingWasDeliveredAsync(TestWebSocketClient client)
    {
        await _gateway.PostEventAsync(new { user = client.User, type = "agent_completed", runId = "marker" });
        Assert.Equal("marker", (await client.ReceiveEventAsync()).RunId);
    }

    /// <summary>A body of unknown length, so the client sends it chunked and the server cannot refuse it by Content-Length.</summary>
    private sealed class ChunkedOnlyStream(string text) : MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))
    {
        public override bool CanSeek => false;
    }
}
