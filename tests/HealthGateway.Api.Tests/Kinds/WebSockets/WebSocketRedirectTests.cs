using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Checks.Kinds.WebSockets;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.WebSockets;

/// <summary>
/// A real Kestrel server that answers the upgrade with 302, to a healthy WebSocket echo on another server or to
/// itself: a redirect is reported unless FollowRedirects is set, and then a loop is bounded.
/// </summary>
public sealed class WebSocketRedirectTests
{
    // No retry, so the server's hit count is one attempt's; a generous budget, so a loaded machine does not time out.
    private static readonly (string Field, string Value)[] OneAttempt = [("Retries", "0"), ("Timeout", "00:00:10")];

    [Fact]
    public async Task ARedirectIsUnhealthyNamingTheStatusAndTheLocationWithoutItsSecrets()
    {
        await using var redirecting = await TargetServer.StartAsync();
        await using var elsewhere = await TargetServer.StartAsync();
        var to = Uri.EscapeDataString($"ws://probe:T0ken-pw@127.0.0.1:{elsewhere.Port}/ws/echo?token=T0ken-q");
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("redirected", "websocket", $"{redirecting.WebSocketBaseUrl}/ws/redirect?to={to}", fields: OneAttempt)
            .Service("loop", "websocket", $"{redirecting.WebSocketBaseUrl}/ws/loop", fields: OneAttempt)
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("redirected", "loop"));

        Assert.Equal("Unhealthy", body.EntryStatus("redirected"));
        Assert.Equal($"HTTP 302 redirect to ws://127.0.0.1:{elsewhere.Port}/ws/echo (redirects are not followed; set FollowRedirects)",
            body.EntryDescription("redirected"));
        Assert.Equal(0, elsewhere.Hits("/ws/echo"));
        Assert.DoesNotContain("T0ken", body.ToString(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", body.EntryStatus("loop"));
        Assert.Equal($"HTTP 302 redirect to {redirecting.WebSocketBaseUrl}/ws/loop (redirects are not followed; set FollowRedirects)",
            body.EntryDescription("loop"));
        Assert.Equal(1, redirecting.Hits("/ws/loop"));
    }

    [Fact]
    public async Task WithFollowRedirectsASingleRedirectIsHealthyAndALoopIsBounded()
    {
        await using var redirecting = await TargetServer.StartAsync();
        await using var elsewhere = await TargetServer.StartAsync();
        var to = Uri.EscapeDataString($"{elsewhere.WebSocketBaseUrl}/ws/echo");
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("redirected", "websocket", $"{redirecting.WebSocketBaseUrl}/ws/redirect?to={to}", fields: [.. OneAttempt, ("FollowRedirects", "true")])
            .Service("loop", "websocket", $"{redirecting.WebSocketBaseUrl}/ws/loop", fields: [.. OneAttempt, ("FollowRedirects", "true")])
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("redirected", "loop"));

        Assert.Equal("Healthy", body.EntryStatus("redirected"));
        Assert.Equal(1, elsewhere.Hits("/ws/echo"));
        Assert.Equal("Unhealthy", body.EntryStatus("loop"));
        Assert.StartsWith($"HTTP 302 redirect to {redirecting.WebSocketBaseUrl}/ws/loop (more than {WebSocketHealthCheckOptions.MaxRedirects} redirects",
            body.EntryDescription("loop"));

        // One attempt: the first request and at most MaxRedirects more, where the client's default was 51.
        Assert.InRange(redirecting.Hits("/ws/loop"), 1, WebSocketHealthCheckOptions.MaxRedirects + 1);
    }
}
