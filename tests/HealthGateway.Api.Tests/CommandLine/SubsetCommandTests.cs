using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary><c>check --services</c>, <c>wait --services</c> (local and --url) and <c>probe</c> on a group, as real processes.</summary>
public sealed class SubsetCommandTests : IAsyncLifetime
{
    private TargetServer _target = null!;
    private int _refused;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        _refused = RefusedPort.Get();
    }

    public async Task DisposeAsync() => await _target.DisposeAsync();

    private CliEnvironment BackendDown() => new CliEnvironment()
        .Service("api", "http", $"http://127.0.0.1:{_refused}/health", critical: true)
        .Service("db", "tcp", $"127.0.0.1:{_target.Port}")
        .Service("cache", "http", $"{_target.BaseUrl}/ok");

    [Fact]
    public async Task CheckWithServicesIsReadyWhenThoseAreUpAndShowsOnlyThem()
    {
        var run = await GatewayProcess.RunAsync(["check", "--services", "db,cache"], BackendDown());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Ready: Healthy", run.StandardOutput);
        Assert.DoesNotContain("api", run.StandardOutput);
    }

    [Fact]
    public async Task CheckWithAnUnknownServiceIsAUsageErrorNamingIt()
    {
        var run = await GatewayProcess.RunAsync(["check", "--services", "db,cachee"], BackendDown());

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--services: unknown service 'cachee'", run.StandardError);
    }

    [Fact]
    public async Task LocalWaitWithServicesReturnsAtOnceWhileTheBackendIsDown()
    {
        var run = await GatewayProcess.RunAsync(["wait", "--services", "cache", "--services", "db", "--timeout", "30"], BackendDown());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Ready:", run.StandardOutput);
    }

    [Fact]
    public async Task RemoteWaitWithServicesAsksTheGatewayForThoseOnly()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"http://127.0.0.1:{_refused}/health", critical: true)
            .Service("cache", "http", $"{_target.BaseUrl}/ok")
            .Set("HealthGateway:Groups:storage:0", "cache")
            .StartAsync();

        var ready = await GatewayProcess.RunAsync(["wait", "--url", gateway.BaseUrl.ToString(), "--services", "cache", "--timeout", "30"]);
        var notReady = await GatewayProcess.RunAsync(["wait", "--url", gateway.BaseUrl.ToString(), "--services", "api", "--timeout", "2"]);
        var unknown = await GatewayProcess.RunAsync(["wait", "--url", gateway.BaseUrl.ToString(), "--services", "nope", "--timeout", "5"]);
        var probe = await GatewayProcess.RunAsync(["probe", "--url", new Uri(gateway.BaseUrl, "/health/ready/storage").ToString(), "--timeout", "10"]);
        var probeAll = await GatewayProcess.RunAsync(["probe", "--url", new Uri(gateway.BaseUrl, "/health/ready").ToString(), "--timeout", "10"]);

        Assert.True(ready.ExitCode == 0, ready.ToString());
        Assert.True(notReady.ExitCode == 1, notReady.ToString());
        Assert.Contains("api (critical): connection refused", notReady.StandardError);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("unknown service 'nope'", unknown.StandardError);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.True(probeAll.ExitCode == 1, probeAll.ToString());
    }
}
