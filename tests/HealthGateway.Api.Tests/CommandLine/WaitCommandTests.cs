using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary><c>wait</c> as a real process: locally (its own poller) and against a running gateway (<c>--url</c>).</summary>
public sealed class WaitCommandTests : IAsyncLifetime
{
    private TargetServer _target = null!;

    public async Task InitializeAsync() => _target = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task WaitExitsZeroWhenTheTargetComesUpDuringTheWait()
    {
        _target.SetFlappyStatus(503);
        var environment = new CliEnvironment().Service("api", "http", $"{_target.BaseUrl}/flappy", critical: true);

        await using var wait = GatewayProcess.Start(["wait", "--timeout", "50"], environment);
        await wait.WaitForOutputAsync("waiting for: api");
        _target.SetFlappyStatus(200);
        var run = await wait.ExitAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Ready: Healthy", run.StandardOutput);
    }

    [Fact]
    public async Task WaitExitsOneAtItsTimeoutListingTheUnavailableService()
    {
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment()
            .Service("api", "http", $"http://127.0.0.1:{refused}/health", critical: true)
            .Service("cache", "http", $"{_target.BaseUrl}/ok");

        // Long enough for a loaded machine to finish the first run of the checks (the refusal itself is instant),
        // so the list names the failure rather than a service still pending.
        var run = await GatewayProcess.RunAsync(["wait", "--timeout", "6"], environment);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Timed out after 6 s.", run.StandardError);
        Assert.Contains($"  api (critical): connection refused (http://127.0.0.1:{refused}/health)", run.StandardError);
        Assert.DoesNotContain("cache", run.StandardError);
    }

    [Fact]
    public async Task WaitExitsTwoOnAConfigurationError()
    {
        var environment = new CliEnvironment().Service("api", "http", $"{_target.BaseUrl}/ok");
        environment["HealthGateway__Services__api__Kind"] = "htp";

        var run = await GatewayProcess.RunAsync(["wait", "--timeout", "30"], environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Configuration error: HealthGateway:Services:api:Kind: unknown kind 'htp'", run.StandardError);
    }

    [Fact]
    public async Task WaitWithUrlIsAnsweredByTheGatewaysLongPollWhenItTurnsReady()
    {
        _target.SetFlappyStatus(503);
        var counter = new ReadinessRequestCounter();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"{_target.BaseUrl}/flappy", critical: true)
            .StartAsync(services => services.AddSingleton<IStartupFilter>(counter));
        await gateway.WaitForReadinessAsync(body => Unavailable(body).Contains("api"));

        await using var wait = GatewayProcess.Start(["wait", "--url", gateway.BaseUrl.ToString(), "--timeout", "50"]);
        await counter.WaitForLongPollAsync(TimeSpan.FromSeconds(30));
        _target.SetFlappyStatus(200);
        var run = await wait.ExitAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Ready: Healthy", run.StandardOutput);

        // The gateway held the one request open until it was ready: no retry loop.
        Assert.Equal(1, counter.LongPolls);
    }

    [Fact]
    public async Task WaitWithUrlRetriesWhileTheGatewayIsStillStarting()
    {
        var port = FreePort.Get();
        await using var wait = GatewayProcess.Start(["wait", "--url", $"http://127.0.0.1:{port}", "--timeout", "50"]);
        await wait.WaitForOutputAsync($"waiting for the gateway at http://127.0.0.1:{port}/health/ready");

        // The real server, from the same binary with no verb.
        await using var server = GatewayProcess.Start([$"--Urls=http://127.0.0.1:{port}"],
            new CliEnvironment().Service("api", "http", $"{_target.BaseUrl}/ok", critical: true));
        var run = await wait.ExitAsync();

        Assert.True(run.ExitCode == 0, run + "\n--- server ---\n" + server.Output);

        // Ready, whatever the built-in notifier check says of a cold, loaded start (it may be Degraded): what this
        // test proves is the retry while nothing listened yet.
        Assert.Matches("Ready: (Healthy|Degraded)", run.StandardOutput);
    }

    [Fact]
    public async Task WaitWithUrlExitsOneAtItsTimeoutListingTheUnavailableService()
    {
        var refused = RefusedPort.Get();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"http://127.0.0.1:{refused}/health", critical: true)
            .Service("cache", "http", $"{_target.BaseUrl}/ok")
            .StartAsync();

        var run = await GatewayProcess.RunAsync(["wait", "--url", gateway.BaseUrl.ToString(), "--timeout", "2"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Timed out after 2 s.", run.StandardError);
        Assert.Contains($"  api (critical): connection refused (http://127.0.0.1:{refused}/health)", run.StandardError);
        Assert.DoesNotContain("cache", run.StandardError);
    }

    [Fact]
    public async Task WaitWithUrlExitsTwoAtOnceWhenTheAddressIsNotAGateway()
    {
        // The target answers 404 for /health/ready: a wrong address, which no amount of waiting fixes.
        var run = await GatewayProcess.RunAsync(["wait", "--url", _target.BaseUrl, "--timeout", "50"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{_target.BaseUrl}/health/ready answered HTTP 404", run.StandardError);
    }

    private static List<string?> Unavailable(JsonElement body) =>
        body.TryGetProperty("unavailableServices", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToList() : [];
}
