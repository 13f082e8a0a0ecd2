using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.WebSockets;

/// <summary>One gateway with one websocket service per situation, against a real Kestrel WebSocket server.</summary>
public sealed class WebSocketCheckTests(WebSocketCheckTests.Environment environment) : IClassFixture<WebSocketCheckTests.Environment>
{
    [Fact]
    public void AServerThatCompletesTheCloseHandshakeIsHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("WebSocket round trip in ", environment.Body.EntryDescription("ok"));
    }

    [Fact]
    public void AnExpectedEchoIsARoundTripAndTheSubprotocolAndHeadersAreSent()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("echo"));
        Assert.StartsWith("WebSocket message echoed, round trip in ", environment.Body.EntryDescription("echo"));
        var headers = environment.HeaderTarget.LastUpgradeHeaders!;
        Assert.Contains(headers, h => h.Key.Equals("X-Probe", StringComparison.OrdinalIgnoreCase) && h.Value == "hg");
    }

    [Fact]
    public void AWrongReplyIsUnhealthyWithoutQuotingIt()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongReply"));
        Assert.StartsWith("unexpected reply (4 characters) without the expected text", environment.Body.EntryDescription("wrongReply"));
    }

    [Fact]
    public void ARejectedUpgradeNamesTheHttpStatus()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("rejected"));
        Assert.Equal($"upgrade rejected: HTTP 403 from {environment.Target.WebSocketBaseUrl}/ws/reject", environment.Body.EntryDescription("rejected"));
    }

    [Fact]
    public void AConnectionDroppedWithoutCloseIsUnhealthy()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("dropped"));
        Assert.Contains("without a close handshake", environment.Body.EntryDescription("dropped"));
    }

    [Fact]
    public void AServerThatAcceptsButNeverAnswersTimesOutWithinItsBudget()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("silent"));
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("silent"));
        Assert.True(environment.Body.EntryDuration("silent") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void ABlackholedPortTimesOutWithinItsBudget()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void ARefusedConnectionIsReportedAsRefused()
    {
        Assert.StartsWith("connection refused", environment.Body.EntryDescription("refused"));
    }

    public sealed class Environment : GatewayEnvironment
    {
        public TargetServer Target { get; private set; } = null!;

        /// <summary>Only the "echo" service connects here, so its last upgrade is that service's.</summary>
        public TargetServer HeaderTarget { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Target = Own(await TargetServer.StartAsync());
            HeaderTarget = Own(await TargetServer.StartAsync());
            var blackhole = Own(BlackholeServer.Start());
            var ws = Target.WebSocketBaseUrl;
            var settings = new GatewaySettings()
                .Service("ok", "websocket", $"{ws}/ws/echo")
                .Service("echo", "websocket", $"{HeaderTarget.WebSocketBaseUrl}/ws/echo", fields: [("SendMessage", "ping"), ("ExpectMessage", "ping"), ("Subprotocol", "agent.v1"), ("Headers:X-Probe", "hg")])
                .Service("wrongReply", "websocket", $"{ws}/ws/echo", fields: [("SendMessage", "ping"), ("ExpectMessage", "pong")])
                .Service("rejected", "websocket", $"{ws}/ws/reject")
                .Service("dropped", "websocket", $"{ws}/ws/drop")
                .Service("silent", "websocket", $"{ws}/ws/silent", fields: ("Timeout", "00:00:01"))
                .Service("blackhole", "websocket", blackhole.WebSocketUrl, fields: ("Timeout", "00:00:01"))
                .Service("refused", "websocket", $"ws://127.0.0.1:{RefusedPort.Get()}/ws");
            return (settings, ["ok", "echo", "wrongReply", "rejected", "dropped", "silent", "blackhole", "refused"]);
        }
    }
}
