using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using HealthChecks.UI.Core;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Readiness;

public sealed class ReadinessEndpointTests
{
    [Fact]
    public async Task ACriticalServiceDownAnswers503AndNamesIt()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("auth", "http", $"http://127.0.0.1:{RefusedPort.Get()}/health", critical: true)
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "auth"));
        var (status, _) = await gateway.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("allCriticalServicesAvailable").GetBoolean());
        Assert.Equal(["auth"], body.Strings("unavailableServices"));
        Assert.Equal(["api", "auth"], body.Strings("criticalServices").Order());
    }

    [Fact]
    public async Task ANonCriticalServiceDownIsDegradedWith200()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "cache"));
        var (status, body) = await gateway.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("allCriticalServicesAvailable").GetBoolean());
        Assert.Equal(["cache"], body.Strings("unavailableServices"));
    }

    [Fact]
    public async Task ASlowCriticalServiceIsDegradedWith200()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/slow/300", critical: true, fields: ("DegradedAfter", "00:00:00.100"))
            .StartAsync();

        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        var (status, body) = await gateway.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.EntryStatus("api"));
    }

    [Fact]
    public async Task ABlackholedCriticalServiceGivesA503WithinItsTimeoutOnAFreshCheck()
    {
        await using var blackhole = BlackholeServer.Start();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMinutes(5))
            .Service("api", "http", blackhole.HttpUrl, critical: true, fields: ("Timeout", "00:00:01"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        var started = DateTime.UtcNow;
        var (status, body) = await gateway.GetJsonAsync("/health/ready?fresh=true");
        var elapsed = DateTime.UtcNow - started;

        Assert.Equal(503, status);
        Assert.StartsWith("timed out after 1 s", body.EntryDescription("api"));
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"answered after {elapsed}");
    }

    [Fact]
    public async Task TheBodyIsReadBackByTheHealthChecksUiModelWithoutLoss()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("auth", "http", $"{target.BaseUrl}/status/500")
            .Service("slow", "http", $"{target.BaseUrl}/slow/300", fields: ("DegradedAfter", "00:00:00.100"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "auth", "slow"));

        var json = await gateway.Client.GetStringAsync("/health/ready");
        var uiOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() } };
        var report = JsonSerializer.Deserialize<UIHealthReport>(json, uiOptions)!;

        Assert.Equal(UIHealthStatus.Degraded, report.Status);
        Assert.Equal(3, report.Entries.Count);
        Assert.Equal(UIHealthStatus.Healthy, report.Entries["api"].Status);
        Assert.Equal(UIHealthStatus.Unhealthy, report.Entries["auth"].Status);
        Assert.Equal(UIHealthStatus.Degraded, report.Entries["slow"].Status);
        Assert.StartsWith("HTTP 500 from", report.Entries["auth"].Description);
        Assert.Contains("critical", report.Entries["api"].Tags ?? []);
        Assert.True(report.Entries["api"].Duration > TimeSpan.Zero);
        Assert.True(report.TotalDuration > TimeSpan.Zero);
    }

    [Fact]
    public async Task TheNotifierDiagnosticsAreANonCriticalEntryOfTheRealGateway()
    {
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:Notifications:HealthCheckEnabled", "true")
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("notifier"));

        Assert.Equal("Healthy", body.EntryStatus("notifier"));
        Assert.StartsWith("5 events in order", body.EntryDescription("notifier"));
        Assert.Contains("diagnostics", body.Entry("notifier").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(body.Strings("criticalServices"));
    }

    [Fact]
    public async Task LivenessTouchesNoDependency()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMinutes(5))
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        var hitsBefore = target.Hits("/ok");

        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(hitsBefore, target.Hits("/ok"));
    }

    [Fact]
    public async Task OneServiceShowsItsLatestResultHistoryAndTransitions()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.EntryStatus("api") == "Healthy");
        target.SetFlappyStatus(500);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Unhealthy");

        var (status, details) = await gateway.GetJsonAsync("/health/services/api");

        Assert.Equal(200, status);
        Assert.Equal("http", details.GetProperty("kind").GetString());
        Assert.True(details.GetProperty("critical").GetBoolean());
        Assert.Equal("Unhealthy", details.GetProperty("status").GetString());
        Assert.True(details.GetProperty("history").GetArrayLength() >= 2);
        var transitions = details.GetProperty("transitions").EnumerateArray().Select(t => $"{t.GetProperty("from").GetString()}->{t.GetProperty("to").GetString()}").ToList();
        Assert.Equal(["Unknown->Healthy", "Healthy->Unhealthy"], transitions);

        // Healthy, then Unhealthy since: some of the last hour each, and the day and week are the same time.
        var uptime = details.GetProperty("uptime");
        var hour = uptime.GetProperty("lastHour").GetDouble();
        Assert.InRange(hour, 0.001, 99.999);
        Assert.InRange(uptime.GetProperty("lastDay").GetDouble(), 0.001, 99.999);
        Assert.InRange(uptime.GetProperty("lastWeek").GetDouble(), 0.001, 99.999);
    }

    [Fact]
    public async Task AnUnknownServiceIs404WithTheKnownNames()
    {
        await using var gateway = await new GatewaySettings().Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}").StartAsync();

        var (status, body) = await gateway.GetJsonAsync("/health/services/nope");

        Assert.Equal(404, status);
        Assert.Contains("known services: api", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("wait=0")]
    [InlineData("wait=301")]
    [InlineData("wait=abc")]
    [InlineData("wait=-5")]
    [InlineData("wait=1.5")]
    [InlineData("wait=%00")]
    [InlineData("fresh=maybe")]
    public async Task ABadQueryParameterIs400WithAMessage(string query)
    {
        await using var gateway = await new GatewaySettings().Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}").StartAsync();

        var (status, body) = await gateway.GetJsonAsync("/health/ready?" + query);

        Assert.Equal(400, status);
        Assert.Matches("^(wait|fresh) must be", body.GetProperty("detail").GetString());
    }
}
