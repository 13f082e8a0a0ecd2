using HealthGateway.Api.AgentEvents;
using System.Net;
using System.Text.Json;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;
using Microsoft.AspNetCore.Http.Features;

namespace HealthGateway.Api.Tests.Diagnostics;

public sealed class NotifierDiagnosticsTests
{
    [Fact]
    public async Task DiagnosticsReportFiveSuccessesOnAHealthyManager()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var (status, body) = await PostAsync(host, "/diagnostics/notifier");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.True(TimeSpan.TryParse(body.GetProperty("totalDuration").GetString(), out _));
        var events = body.GetProperty("events");
        Assert.Equal(AgentEventTypes.InRunOrder, events.EnumerateObject().Select(entry => entry.Name));
        foreach (var entry in events.EnumerateObject())
        {
            Assert.True(entry.Value.GetProperty("success").GetBoolean(), entry.Name);
            Assert.True(TimeSpan.TryParse(entry.Value.GetProperty("executionTime").GetString(), out _), entry.Name);
            Assert.False(entry.Value.TryGetProperty("error", out _), entry.Name);
        }
    }

    [Theory]
    [InlineData(AgentEventTypes.AgentStarted)]
    [InlineData(AgentEventTypes.AgentThinking)]
    [InlineData(AgentEventTypes.ToolExecuting)]
    [InlineData(AgentEventTypes.ToolCompleted)]
    [InlineData(AgentEventTypes.AgentCompleted)]
    public async Task ManagerThatDropsOneEventTypeFailsExactlyThatEventWithinItsTimeout(string droppedType)
    {
        await using var host = await StartTamperedAsync(droppedType, Tampering.Drop);

        var (status, body) = await PostAsync(host, "/diagnostics/notifier?timeout=5");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        var dropped = AgentEventTypes.RunPosition(droppedType);
        for (var index = 0; index < AgentEventTypes.InRunOrder.Count; index++)
        {
            var entry = body.GetProperty("events").GetProperty(AgentEventTypes.InRunOrder[index]);
            if (index < dropped)
            {
                Assert.True(entry.GetProperty("success").GetBoolean());
            }
            else if (index == dropped)
            {
                Assert.False(entry.GetProperty("success").GetBoolean());
                Assert.Equal("not received within 1 s", entry.GetProperty("error").GetString());
                var waited = TimeSpan.Parse(entry.GetProperty("executionTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(waited, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
            }
            else
            {
                Assert.False(entry.GetProperty("success").GetBoolean());
                Assert.Equal($"skipped: {droppedType} failed", entry.GetProperty("error").GetString());
                Assert.False(entry.TryGetProperty("executionTime", out _));
            }
        }
    }

    [Theory]
    [InlineData(AgentEventTypes.AgentStarted, Tampering.Duplicate, AgentEventTypes.AgentThinking, "duplicate agent_started arrived instead of agent_thinking")]
    [InlineData(AgentEventTypes.AgentThinking, Tampering.SendNextTypeInstead, AgentEventTypes.AgentThinking, "out of order: tool_executing arrived before agent_thinking")]
    [InlineData(AgentEventTypes.ToolCompleted, Tampering.WrongRunId, AgentEventTypes.ToolCompleted, "wrong runId")]
    public async Task EventThatArrivesWrongIsReportedAsFailedWithWhatWasWrong(
        string tamperedType, Tampering tampering, string failedEvent, string expectedError)
    {
        await using var host = await StartTamperedAsync(tamperedType, tampering);

        var (status, body) = await PostAsync(host, "/diagnostics/notifier?timeout=5");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var failures = body.GetProperty("events").EnumerateObject()
            .Where(entry => !entry.Value.GetProperty("success").GetBoolean()
                && !entry.Value.GetProperty("error").GetString()!.StartsWith("skipped", StringComparison.Ordinal))
            .ToList();
        var failure = Assert.Single(failures);
        Assert.Equal(failedEvent, failure.Name);
        Assert.StartsWith(expectedError, failure.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("121")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("+5")]
    public async Task TimeoutOutsideOneToOneHundredTwentyWholeSecondsIsBadRequest(string timeout)
    {
        await using var host = await NotificationTestHost.StartAsync();

        var (status, body) = await PostAsync(host, $"/diagnostics/notifier?timeout={Uri.EscapeDataString(timeout)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(body.GetProperty("errors").GetProperty("timeout").EnumerateArray()).GetString();
        Assert.Contains("from 1 to 120", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("120")]
    public async Task TimeoutAtTheBoundsIsAccepted(string timeout)
    {
        await using var host = await NotificationTestHost.StartAsync();

        var (status, _) = await PostAsync(host, $"/diagnostics/notifier?timeout={timeout}");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task DiagnosticsRequireTheApiKeyWhenOneIsConfigured()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:ApiKey"] = "s3cret",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, "/diagnostics/notifier")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, "/diagnostics/notifier", apiKeyHeader: "wrong")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, "/diagnostics/notifier?api_key=wrong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/diagnostics/notifier", apiKeyHeader: "s3cret")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/diagnostics/notifier?api_key=s3cret")).Status);
    }

    [Fact]
    public async Task UserVariantAlsoDeliversTheFiveEventsToThatUsersConnections()
    {
        await using var host = await NotificationTestHost.StartAsync();
        await using var watcher = await TestWebSocketClient.ConnectAsync(host, "watcher");

        var (status, _) = await PostAsync(host, "/diagnostics/notifier?user=watcher");

        Assert.Equal(HttpStatusCode.OK, status);
        var received = new List<ReceivedEvent>();
        for (var index = 0; index < AgentEventTypes.InRunOrder.Count; index++)
        {
            received.Add(await watcher.ReceiveEventAsync());
        }

        Assert.Equal(AgentEventTypes.InRunOrder, received.Select(e => e.Type));
        Assert.All(received, e => Assert.Equal("watcher", e.User));
        Assert.Single(received.Select(e => e.RunId).Distinct());
        Assert.Equal([1L, 2, 3, 4, 5], received.Select(e => e.Sequence));
    }

    [Fact]
    public async Task InvalidUserIsBadRequest()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var (status, body) = await PostAsync(host, $"/diagnostics/notifier?user={new string('u', 200)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("user", out _));
    }

    [Fact]
    public async Task DiagnosticsBeyondTheRateLimitAreTooManyRequests()
    {
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:DiagnosticsPermitLimit"] = "2",
            ["HealthGateway:Notifications:DiagnosticsWindow"] = "00:10:00",
        });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/diagnostics/notifier")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/diagnostics/notifier")).Status);
        using var rejected = await host.Client.PostAsync(new Uri("/diagnostics/notifier", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
    }

    [Fact]
    public async Task ConcurrentRunsDoNotDisturbEachOther()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(host, "/diagnostics/notifier")));

        Assert.All(results, result => Assert.Equal(HttpStatusCode.OK, result.Status));
        await Eventually.TrueAsync(() => host.Manager.TotalConnectionCount == 0, "every probe socket is cleaned up");
    }

    [Fact]
    public async Task ProbeWaitsUntilTheManagerHasRegisteredItsSocket()
    {
        // ConnectAsync returns when the 101 arrives, before the manager registers the socket. Widen that window
        // on purpose: a probe that sent agent_started at once would find no connection and lose it.
        await using var host = await NotificationTestHost.StartAsync(configureApp: app => app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpWebSocketFeature>() is { } webSockets)
            {
                context.Features.Set<IHttpWebSocketFeature>(new SlowRegistrationWebSocketFeature(webSockets, TimeSpan.FromMilliseconds(300)));
            }

            return next(context);
        }));

        var (status, body) = await PostAsync(host, "/diagnostics/notifier?timeout=10");

        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    internal static Task<NotificationTestHost> StartTamperedAsync(
        string type, Tampering tampering, IReadOnlyDictionary<string, string?>? settings = null) =>
        NotificationTestHost.StartAsync(settings, services => services.AddSingleton<IAgentEventSink>(provider =>
            new TamperingSink(provider.GetRequiredService<WebSocketNotificationManager>(), type, tampering)));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(
        NotificationTestHost host, string pathAndQuery, string? apiKeyHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pathAndQuery, UriKind.Relative));
        if (apiKeyHeader is not null)
        {
            request.Headers.Add("X-Api-Key", apiKeyHeader);
        }

        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
