using System.Net.WebSockets;
using HealthGateway.Api.Notifications;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// Hostile and malformed input on every endpoint, sent as raw bytes where a client library would have refused
/// or normalised it: always a 4xx (or a WebSocket close code), never a 500, a crash or a hang; and after each
/// test the gateway still answers /health/live and runs its diagnostics.
/// </summary>
public sealed class BadInputTests(BadInputTests.Environment environment) : IClassFixture<BadInputTests.Environment>
{
    private static readonly string Long = new('a', 5000);

    public static TheoryData<string, string, int> MalformedRequests => new()
    {
        // /health/ready: wait and fresh, with garbage, overflow, non-ASCII digits, bad percent-encoding, repeats.
        { "GET", "/health/ready?wait=%ZZ", 400 },
        { "GET", "/health/ready?wait=%", 400 },
        { "GET", "/health/ready?wait=99999999999999999999", 400 },
        { "GET", "/health/ready?wait=1e3", 400 },
        { "GET", "/health/ready?wait=+5", 400 },
        { "GET", "/health/ready?wait=%D9%A3", 400 },
        { "GET", "/health/ready?wait=1&wait=2", 400 },
        { "GET", "/health/ready?fresh=%C0%AF", 400 },
        { "GET", "/health/ready?fresh=tr%00ue", 400 },
        { "GET", "/health/ready?fresh=" + Long, 400 },
        { "GET", "/health/ready?wait=" + Long, 400 },
        // /health/services/{name}: names that are not services, however odd.
        { "GET", "/health/services/%ZZ", 404 },
        { "GET", "/health/services/" + Long, 404 },
        { "GET", "/health/services/%F0%9F%92%A5", 404 },
        { "GET", "/health/services/..%2F..%2Fetc%2Fpasswd", 404 },
        { "GET", "/health/services/%E2%80%AE%E2%80%8B", 404 },
        // /diagnostics/notifier: timeout and user.
        { "POST", "/diagnostics/notifier?timeout=%ZZ", 400 },
        { "POST", "/diagnostics/notifier?timeout=0", 400 },
        { "POST", "/diagnostics/notifier?timeout=-1", 400 },
        { "POST", "/diagnostics/notifier?timeout=1.5", 400 },
        { "POST", "/diagnostics/notifier?timeout=4294967297", 400 },
        { "POST", "/diagnostics/notifier?user=%00", 400 },
        { "POST", "/diagnostics/notifier?user=%0D%0Ainjected", 400 },
        { "POST", "/diagnostics/notifier?user=%20%20", 400 },
        { "POST", "/diagnostics/notifier?user=" + Long, 400 },
        // /ws as plain HTTP, and with users it refuses.
        { "GET", "/ws?user=alice", 400 },
        { "GET", "/ws?user=%ZZ", 400 },
        { "GET", "/ws", 400 },
        // Wrong methods, unknown and odd paths.
        { "POST", "/health/ready", 405 },
        { "DELETE", "/health/live", 405 },
        { "GET", "/diagnostics/notifier", 405 },
        { "GET", "/events", 405 },
        { "GET", "/nope", 404 },
        { "GET", "/%2e%2e/%2e%2e/etc/passwd", 404 },
        { "GET", "/health/ready%00", 400 },
        { "GET", "/health/services/ユーザー", 400 },
    };

    public static TheoryData<string> OddButValidUsers => new()
    {
        "%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC",
        "%F0%9F%92%A5-emoji",
        "%E2%80%8Bzero-width",
        "a%2Fb%3Fc%26d%3De",
        "%22%3Cscript%3E",
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task MalformedRequestsAreRefusedWithA4xxNeverA5xx(string method, string target, int expected)
    {
        var (status, response) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request(method, target));

        Assert.Equal(expected, status);
        Assert.DoesNotContain("   at ", response, StringComparison.Ordinal);
        await environment.AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(OddButValidUsers))]
    public async Task OddButPrintableUsersAreAcceptedByTheDiagnostics(string encodedUser)
    {
        var (status, response) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("POST", "/diagnostics/notifier?timeout=5&user=" + encodedUser));

        Assert.Equal(200, status);
        Assert.Contains("\"success\":true", response, StringComparison.Ordinal);
        await environment.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("one huge header", 431)]
    [InlineData("too many headers", 431)]
    [InlineData("huge request line", 414)]
    public async Task OversizedRequestsAreRefusedByKestrel(string what, int expected)
    {
        var request = what switch
        {
            "one huge header" => RawHttp.Request("GET", "/health/ready", $"X-Big: {new string('x', 40 * 1024)}\r\n"),
            "too many headers" => RawHttp.Request("GET", "/health/ready", string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n"))),
            _ => RawHttp.Request("GET", "/health/services/" + new string('p', 16 * 1024)),
        };

        var (status, _) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, request);

        Assert.Equal(expected, status);
        await environment.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("not json at all", "application/json")]
    [InlineData("{\"unterminated\": ", "application/json")]
    [InlineData("\u0000\u0001\u0002", "application/octet-stream")]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n", "multipart/form-data; boundary=y")]
    public async Task BodiesThatAreNotJsonDoNotBreakThePostEndpoint(string body, string contentType)
    {
        // The endpoint reads no body: it runs and answers, whatever came with the request.
        var (status, _) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("POST", "/diagnostics/notifier?timeout=5", body: body, contentType: contentType));

        Assert.Equal(200, status);
        await environment.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("not json at all", "application/json")]
    [InlineData("[1, 2, 3]", "application/json")]
    [InlineData("{\"user\": \"u1\", \"type\": ", "application/json")]
    [InlineData("{\"user\": \"u1\", \"type\": \"no_such_event\"}", "application/json")]
    [InlineData("{\"user\": \"\u0000\", \"type\": \"agent_started\"}", "application/json")]
    [InlineData("user=u1&type=agent_started", "application/x-www-form-urlencoded")]
    [InlineData("", "application/json")]
    public async Task BodiesThatAreNotAnEventAreRefusedByPostEvents(string body, string contentType)
    {
        var (status, response) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("POST", "/events", body: body, contentType: contentType));

        Assert.Equal(400, status);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        await environment.AssertStillServingAsync();
    }

    [Fact]
    public async Task AMegabyteEventIsRefusedWithoutBeingRead()
    {
        var (status, _) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("POST", "/events", body: new string('[', 1024 * 1024)));

        Assert.Equal(400, status);
        await environment.AssertStillServingAsync();
    }

    [Theory]
    [InlineData("/metrics?%ZZ=%&&=")]
    [InlineData("/?x=%ZZ&%00=1")]
    [InlineData("/health/live?wait=%ZZ")]
    public async Task EndpointsWithoutParametersIgnoreAGarbageQuery(string target)
    {
        var (status, _) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("GET", target));

        Assert.Equal(200, status);
        await environment.AssertStillServingAsync();
    }

    [Fact]
    public async Task AMegabyteBodyToThePostEndpointIsNotAnError()
    {
        var (status, _) = await RawHttp.SendAsync(environment.Gateway.BaseUrl, RawHttp.Request("POST", "/diagnostics/notifier?timeout=5", body: new string('{', 1024 * 1024)));

        Assert.Equal(200, status);
        await environment.AssertStillServingAsync();
    }

    /// <summary>
    /// Frames the WebSocket protocol itself forbids are refused by the socket (ManagedWebSocket), which sends its close
    /// code and ends the connection; when the client has sent bytes the server never read, the kernel ends it with a
    /// reset, which may overtake that close frame. So for those the answer is the code or the connection ending,
    /// never a hang. Limits the gateway enforces itself (size, binary) end with a close handshake and their code.
    /// </summary>
    public static TheoryData<string, int, bool> HostileFrames => new()
    {
        { "reserved opcode", 1002, false },
        { "unmasked client frame", 1002, false },
        { "control frame over 125 bytes", 1002, false },
        { "continuation without a message", 1002, false },
        { "RSV1 without an extension", 1002, false },
        { "length with the reserved top bit set", 1002, false },
        { "invalid UTF-8 split across fragments", 1007, false },
        { "2^63-1 length, then more than the limit", 1009, true },
        { "flood of one-byte fragments", 1009, true },
        { "binary message", 1003, true },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public async Task HostileWebSocketTrafficEndsWithItsCloseCodeNeverAHang(string what, int expectedCode, bool handshakeGuaranteed)
    {
        await using var socket = await RawWebSocket.ConnectAsync(environment.Gateway.BaseUrl, "hostile");
        var frames = what switch
        {
            "reserved opcode" => RawWebSocket.Frame(0x3, fin: true, "x"u8),
            "unmasked client frame" => RawWebSocket.Frame(0x1, fin: true, "hello"u8, masked: false),
            "control frame over 125 bytes" => RawWebSocket.Frame(0x9, fin: true, new byte[126]),
            "continuation without a message" => RawWebSocket.Frame(0x0, fin: true, "x"u8),
            "RSV1 without an extension" => RawWebSocket.Frame(0x1, fin: true, "x"u8, rsv1: true),
            "length with the reserved top bit set" => RawWebSocket.Frame(0x1, fin: true, "x"u8, claimedLength: 1UL << 63),
            "2^63-1 length, then more than the limit" => RawWebSocket.Frame(0x1, fin: true, new byte[5000], claimedLength: long.MaxValue),
            "flood of one-byte fragments" => [.. RawWebSocket.Frame(0x1, fin: false, "a"u8), .. Enumerable.Range(0, 6000).SelectMany(_ => RawWebSocket.Frame(0x0, fin: false, "a"u8))],
            "invalid UTF-8 split across fragments" => [.. RawWebSocket.Frame(0x1, fin: false, [0xE2, 0x82]), .. RawWebSocket.Frame(0x0, fin: true, [0x28])],
            _ => RawWebSocket.Frame(0x2, fin: true, [1, 2, 3]),
        };

        await socket.TrySendAsync(frames);
        var (code, _) = await socket.ReadUntilCloseAsync();

        var acceptable = code == expectedCode || code is null && !handshakeGuaranteed;
        Assert.True(acceptable, $"{what}: ended with {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close frame"}, expected {expectedCode}");
        await environment.AssertStillServingAsync();
    }

    [Fact]
    public async Task APingFloodIsAnsweredAndTheConnectionStaysUsable()
    {
        await using var socket = await RawWebSocket.ConnectAsync(environment.Gateway.BaseUrl, "pinger");
        var pings = Enumerable.Range(0, 1000).SelectMany(i => RawWebSocket.Frame(0x9, fin: true, BitConverter.GetBytes(i))).ToArray();

        Assert.True(await socket.TrySendAsync(pings));
        Assert.True(await socket.TrySendAsync(RawWebSocket.Frame(0x8, fin: true, [0x03, 0xE8])));
        var (code, pongs) = await socket.ReadUntilCloseAsync();

        Assert.Equal(1000, code);
        Assert.True(pongs > 0, "no pong came back");
        await environment.AssertStillServingAsync();
    }

    [Fact]
    public async Task AStormOfFiveHundredConnectionsOpenedAndDroppedLeavesNothingBehind()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var next = -1;
        async Task StormAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 500)
            {
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri($"ws://{environment.Gateway.BaseUrl.Authority}/ws?user=storm-{i % 7}"), bounded.Token);
                if (i % 2 == 0)
                {
                    socket.Abort();
                }
                else
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, bounded.Token);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(StormAsync)));

        var manager = environment.Gateway.Services.GetRequiredService<WebSocketNotificationManager>();
        await Eventually.TrueAsync(() => manager.TotalConnectionCount == 0, "every stormed connection is cleaned up", TimeSpan.FromSeconds(30));
        await environment.AssertStillServingAsync();
    }

    public sealed class Environment : ServingGatewayFixture;
}
