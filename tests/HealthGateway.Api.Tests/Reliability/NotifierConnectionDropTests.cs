using HealthGateway.Api.AgentEvents;
using System.Globalization;
using System.Net;
using System.Text.Json;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Http.Features;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// The WebSocket under the notifier diagnostics dies in the middle of the five-event sequence: the report names the
/// event that was cut off, answers within its budget, and the gateway carries on.
/// </summary>
public sealed class NotifierConnectionDropTests
{
    [Theory]
    [InlineData(MidSequenceDrop.AbortConnection, "probe connection lost before tool_executing arrived")]
    [InlineData(MidSequenceDrop.CloseFrame, $"connection closed by the server (EndpointUnavailable {DroppingWebSocket.CloseReason}) before tool_executing arrived")]
    public async Task AConnectionDroppedAfterTwoEventsFailsTheThirdAndTheNextRunSucceeds(MidSequenceDrop drop, string expectedError)
    {
        var dropped = 0;
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync(configureApp: app => app.Use(async (context, next) =>
            {
                // Only the first diagnostics probe's socket is dropped; every later one is left alone.
                if (context.Request.Path == "/ws" && context.Request.Query["user"].ToString().StartsWith("diag-", StringComparison.Ordinal)
                    && Interlocked.Exchange(ref dropped, 1) == 0)
                {
                    var webSockets = context.Features.GetRequiredFeature<IHttpWebSocketFeature>();
                    context.Features.Set<IHttpWebSocketFeature>(new DroppingWebSocketFeature(webSockets, context, messagesBeforeDrop: 2, drop));
                }

                await next(context);
            }));

        var (status, report) = await PostAsync(gateway, "/diagnostics/notifier?timeout=5");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(report.GetProperty("success").GetBoolean());
        var events = report.GetProperty("events");
        Assert.True(events.GetProperty(AgentEventTypes.AgentStarted).GetProperty("success").GetBoolean());
        Assert.True(events.GetProperty(AgentEventTypes.AgentThinking).GetProperty("success").GetBoolean());
        var cutOff = events.GetProperty(AgentEventTypes.ToolExecuting);
        Assert.False(cutOff.GetProperty("success").GetBoolean());
        Assert.StartsWith(expectedError, cutOff.GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var skipped in new[] { AgentEventTypes.ToolCompleted, AgentEventTypes.AgentCompleted })
        {
            Assert.Equal("skipped: tool_executing failed", events.GetProperty(skipped).GetProperty("error").GetString());
        }

        // The budget is the feature: a dead socket is reported within it, never waited out beyond it.
        var total = TimeSpan.Parse(report.GetProperty("totalDuration").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(total < TimeSpan.FromSeconds(5), $"took {total}");

        var (again, second) = await PostAsync(gateway, "/diagnostics/notifier?timeout=5");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True(second.GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/health/live")).StatusCode);
        var manager = gateway.Services.GetRequiredService<WebSocketNotificationManager>();
        await Eventually.TrueAsync(() => manager.TotalConnectionCount == 0, "the dropped probe socket is cleaned up");
        // The request log records the 503 report itself at Error (any 5xx outside the polled paths); nothing else may be.
        var errors = gateway.Logs.Events
            .Where(e => e.Level >= LogEventLevel.Error)
            .Where(e => !(e.Properties.TryGetValue("StatusCode", out var code) && code.ToString() == "503" && e.Exception is null))
            .Select(e => $"{e.RenderMessage()} {e.Exception}")
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(GatewayHost gateway, string path)
    {
        using var response = await gateway.Client.PostAsync(path, content: null);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }
}
