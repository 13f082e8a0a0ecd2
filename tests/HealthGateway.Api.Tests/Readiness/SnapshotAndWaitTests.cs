using System.Diagnostics;
using HealthGateway.Api.Tests.CommandLine;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Readiness;

/// <summary>Readiness is answered from the poller's snapshot: cheap to ask, kind to dependencies, able to wait.</summary>
public sealed class SnapshotAndWaitTests
{
    [Fact]
    public async Task FiveHundredConcurrentReadinessRequestsCauseNoExtraCheckRuns()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMinutes(5))
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        var hitsBefore = target.Hits("/ok");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 500).Select(async _ => (await gateway.GetJsonAsync("/health/ready")).Status));

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(1, hitsBefore);
        Assert.Equal(hitsBefore, target.Hits("/ok"));
    }

    [Fact]
    public async Task FiftyConcurrentFreshRequestsShareExactlyOneCheckRun()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMinutes(5))
            .Service("api", "http", $"{target.BaseUrl}/slow/300", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        var hitsBefore = target.Hits("/slow/300");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ => (await gateway.GetJsonAsync("/health/ready?fresh=true")).Status));

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(hitsBefore + 1, target.Hits("/slow/300"));
    }

    [Fact]
    public async Task WaitReturns200SoonAfterACriticalDependencyComesUp()
    {
        await using var target = await TargetServer.StartAsync();
        target.SetFlappyStatus(503);
        var checks = new CheckCounter();
        var requests = new ReadinessRequestCounter();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(200))
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .StartAsync(services =>
            {
                checks.Register(services);
                services.AddSingleton<IStartupFilter>(requests);
            });
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        var clock = Stopwatch.StartNew();
        var waiting = gateway.GetJsonAsync("/health/ready?wait=30");
        await requests.WaitForLongPollAsync(TimeSpan.FromSeconds(30));
        await checks.WaitForMoreChecksAsync("api", 3);
        Assert.False(waiting.IsCompleted, "the wait must hold through new results while the dependency is down");
        target.SetFlappyStatus(200);
        var (status, body) = await waiting;

        Assert.Equal(200, status);
        Assert.Equal("Healthy", body.EntryStatus("api"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed}, long after the dependency came up");
    }

    [Fact]
    public async Task WaitReturns503WithTheReportWhenTheDependencyNeverComesUp()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true)
            .StartAsync();

        var clock = Stopwatch.StartNew();
        var (status, body) = await gateway.GetJsonAsync("/health/ready?wait=2");

        Assert.Equal(503, status);
        Assert.Equal(["api"], body.Strings("unavailableServices"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"answered after {clock.Elapsed}, before the wait was over");
    }

    [Fact]
    public async Task BeforeTheFirstRunCompletesTheGatewaySaysItIsStarting()
    {
        await using var blackhole = BlackholeServer.Start();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", blackhole.HttpUrl, critical: true, fields: ("Timeout", "00:00:05"))
            .StartAsync();

        var (status, body) = await gateway.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal("starting", body.GetProperty("phase").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["api"], body.Strings("pendingServices"));
    }

    [Fact]
    public async Task OnShutdownAWaitingRequestIsAnswered503StoppingAtOnce()
    {
        var requests = new ReadinessRequestCounter();
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true)
            .StartAsync(services => services.AddSingleton<IStartupFilter>(requests));
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        var clock = Stopwatch.StartNew();
        var waiting = gateway.GetJsonAsync("/health/ready?wait=60");
        await requests.WaitForLongPollAsync(TimeSpan.FromSeconds(30));
        var stopping = gateway.App.StopAsync();
        var (status, body) = await waiting;
        await stopping;

        Assert.Equal(503, status);
        Assert.Equal("stopping", body.GetProperty("phase").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task EachTransitionIsLoggedOnceAndNoStackTracesReachTheLog()
    {
        await using var target = await TargetServer.StartAsync();
        var checks = new CheckCounter();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(100))
            .Service("api", "http", $"{target.BaseUrl}/flappy", critical: true)
            .StartAsync(checks.Register);
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api") && b.EntryStatus("api") == "Healthy");
        target.SetFlappyStatus(500);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Unhealthy");

        // Steady state, measured in polls rather than by a sleep: these results must log nothing.
        await checks.WaitForMoreChecksAsync("api", 5);
        target.SetFlappyStatus(200);
        await gateway.WaitForReadinessAsync(b => b.EntryStatus("api") == "Healthy");
        await checks.WaitForMoreChecksAsync("api", 5);

        var transitions = gateway.Logs.WithEventName("ServiceStateChanged")
            .Select(e => $"{Scalar(e, "OldStatus")}->{Scalar(e, "NewStatus")}")
            .ToList();
        Assert.Equal(["Unknown->Healthy", "Healthy->Unhealthy", "Unhealthy->Healthy"], transitions);
        var down = gateway.Logs.WithEventName("ServiceStateChanged")[1];
        Assert.Equal(LogEventLevel.Error, down.Level);
        Assert.Equal("api", Scalar(down, "Service"));
        Assert.Contains("HTTP 500", Scalar(down, "Reason"));
        Assert.DoesNotContain(gateway.Logs.Events, e => e.Exception is not null);
        Assert.DoesNotContain(gateway.Logs.RenderedLines(), line => line.Contains("   at ", StringComparison.Ordinal));
    }

    private static string Scalar(LogEvent logEvent, string property) =>
        logEvent.Properties[property] is ScalarValue { Value: var value } ? value?.ToString() ?? "" : logEvent.Properties[property].ToString();
}
