using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Metrics;
using HealthGateway.Testing;
using Xunit.Abstractions;

namespace HealthGateway.Api.Tests.Notifications;

/// <summary>
/// Users that connect and stop reading while <c>POST /events</c> floods them with 60 KB events: what the gateway
/// holds for them stays within its per-connection and total byte bounds, the ones that do not read are closed with
/// 1008, and a user that reads gets every event in order.
/// </summary>
public sealed class SendMemoryBoundTests(ITestOutputHelper output)
{
    private const int NonReaders = 20;
    private const long PerConnection = 256 * 1024;
    private const long Total = 3 * 1024 * 1024;

    [Fact]
    public async Task AFloodToUsersWhoDoNotReadStaysWithinTheByteBoundsAndTheReaderGetsEveryEvent()
    {
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:Notifications:SendQueueCapacity", "65536")
            .Set("HealthGateway:Notifications:MaxQueuedBytesPerConnection", PerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("HealthGateway:Notifications:MaxQueuedBytesTotal", Total.ToString(System.Globalization.CultureInfo.InvariantCulture))
            // Long enough for a dropped client that starts reading again to still get its close frame.
            .Set("HealthGateway:Notifications:CloseTimeout", "00:01:00")
            .Set("Serilog:MinimumLevel:Default", "Information")
            .StartAsync();
        var budget = gateway.Services.GetRequiredService<SendQueueBudget>();
        var rssBefore = Rss();

        var stuck = new List<TestWebSocketClient>();
        using var tinyBuffers = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = ConnectWithTinyReceiveBufferAsync });
        for (var i = 0; i < NonReaders; i++)
        {
            stuck.Add(await TestWebSocketClient.ConnectAsync(gateway, $"stuck-{i}", invoker: tinyBuffers));
        }

        await using var reader = await TestWebSocketClient.ConnectAsync(gateway, "reader");
        var received = new List<ReceivedEvent>();
        using var flooding = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var readerSent = 0;
        var reading = Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                received.Add(await reader.ReceiveEventAsync(TimeSpan.FromSeconds(60)));
                if (received[^1].Type == AgentEventTypes.AgentCompleted)
                {
                    return;
                }
            }
        });

        var pad = new string('x', 60_000);
        async Task PostAsync(string user, string type)
        {
            using var response = await gateway.Client.PostAsJsonAsync("/events", new { user, type, runId = "flood", data = new { pad } }, flooding.Token);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        // Bounded in count and time: rounds until every non-reader was dropped, at most 150 (about 180 MB posted).
        var peakRss = rssBefore;
        double scrapedPeak = 0;
        for (var round = 0; round < 150 && budget.DroppedConnections < NonReaders; round++)
        {
            for (var i = 0; i < NonReaders; i++)
            {
                await PostAsync($"stuck-{i}", AgentEventTypes.AgentThinking);
            }

            await PostAsync("reader", AgentEventTypes.AgentThinking);
            readerSent++;
            peakRss = Math.Max(peakRss, Rss());
            if (round % 5 == 0)
            {
                scrapedPeak = Math.Max(scrapedPeak, await ScrapeAsync(gateway, "healthgateway_websocket_queued_bytes"));
            }
        }

        await PostAsync("reader", AgentEventTypes.AgentCompleted);
        readerSent++;
        await reading.WaitAsync(flooding.Token);
        output.WriteLine($"RSS before {rssBefore / 1048576} MiB, peak {peakRss / 1048576} MiB; queued peak {budget.PeakQueuedBytes} B; dropped {budget.DroppedConnections}");

        Assert.Equal(readerSent, received.Count);
        Assert.Equal(Enumerable.Range(1, readerSent).Select(i => (long)i), received.Select(e => e.Sequence));
        Assert.Equal(NonReaders, budget.DroppedConnections);
        Assert.InRange(budget.PeakQueuedBytes, PerConnection, Total);
        Assert.Contains(gateway.Logs.Events, e => e.RenderMessage().Contains("furthest behind", StringComparison.Ordinal));
        Assert.InRange(scrapedPeak, 1, Total);
        Assert.Equal(Total, await ScrapeAsync(gateway, "healthgateway_websocket_queued_bytes_limit"));
        Assert.Equal(NonReaders, await ScrapeAsync(gateway, "healthgateway_websocket_slow_client_drops_total"));

        foreach (var client in stuck)
        {
            var (status, description) = await client.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
            Assert.Matches("not reading|furthest behind", description);
            await client.DisposeAsync();
        }

        // Everything queued was freed: what was sent, and what the dropped connections still held.
        await Eventually.TrueAsync(() => budget.QueuedBytes == 0, "every queued byte is released", TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("MaxQueuedBytesPerConnection", "1000", null)]
    [InlineData("MaxQueuedBytesTotal", "-1", null)]
    [InlineData("MaxQueuedBytesTotal", "524288", "2097152")]
    public async Task ByteBoundsOutOfRangeStopTheHostWithTheFieldNamed(string field, string value, string? perConnection)
    {
        var settings = new Dictionary<string, string?> { [$"HealthGateway:Notifications:{field}"] = value };
        if (perConnection is not null)
        {
            settings["HealthGateway:Notifications:MaxQueuedBytesPerConnection"] = perConnection;
        }

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => NotificationTestHost.StartAsync(settings));

        Assert.Contains($"HealthGateway:Notifications:{field}", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    private static async Task<double> ScrapeAsync(GatewayHost gateway, string metric) =>
        PrometheusText.Parse(await gateway.Client.GetStringAsync("/metrics")).Single(sample => sample.Name == metric).Value;

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>A client socket with a 4 KiB receive buffer, so the kernel takes little of what the gateway sends.</summary>
    private static async ValueTask<Stream> ConnectWithTinyReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
