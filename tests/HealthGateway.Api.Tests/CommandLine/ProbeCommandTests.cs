using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary><c>probe</c> as a real process, the way a container health check runs it.</summary>
public sealed class ProbeCommandTests
{
    /// <summary>Seconds, where the timeout is not what a test is about: the JIT build's first request can take seconds under load.</summary>
    private const string Generous = "30";

    [Fact]
    public async Task ProbeExitsZeroAgainstTheLivenessOfARunningGateway()
    {
        await using var gateway = await new GatewaySettings().StartAsync();

        var run = await GatewayProcess.RunAsync(["probe", "--url", new Uri(gateway.BaseUrl, "/health/live").ToString(), "--timeout", Generous]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("200 OK", run.StandardOutput);
    }

    [Fact]
    public async Task ProbeNeverPrintsCredentialsOrTheQueryOfItsUrl()
    {
        await using var gateway = await new GatewaySettings().StartAsync();
        var url = $"http://probe-user:probe-Pa55@{gateway.BaseUrl.Authority}/health/live?api_key=probe-K3y";

        var run = await GatewayProcess.RunAsync(["probe", "--url", url, "--timeout", Generous]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("probe-Pa55", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("probe-K3y", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public async Task ProbeExitsTwoAgainstARefusedPortAsHealthGatewayProbeDoes()
    {
        var refused = RefusedPort.Get();

        var run = await GatewayProcess.RunAsync(["probe", "--url", $"http://127.0.0.1:{refused}/health/live", "--timeout", Generous]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("refused", run.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProbeExitsOneWhenTheGatewayAnswersNotReady()
    {
        var refused = RefusedPort.Get();
        await using var gateway = await new GatewaySettings()
            .Service("api", "http", $"http://127.0.0.1:{refused}/", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(body => body.GetProperty("phase").GetString() == "running");

        var run = await GatewayProcess.RunAsync(["probe", "--url", new Uri(gateway.BaseUrl, "/health/ready").ToString(), "--timeout", Generous]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("503 Service Unavailable", run.StandardError);
    }

    [Fact]
    public async Task ProbeGivesUpAtItsTimeoutWhenTheEndpointDoesNotAnswer()
    {
        await using var target = await TargetServer.StartAsync();

        var run = await GatewayProcess.RunAsync(["probe", "--url", $"{target.BaseUrl}/slow/30000", "--timeout", "1"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("no answer within 1 s", run.StandardError);
    }

    [Fact]
    public async Task ProbeExitsTwoWhenTheAnswerIsNotHttp()
    {
        await using var garbage = GarbageServer.Start();

        var run = await GatewayProcess.RunAsync(["probe", "--url", $"http://127.0.0.1:{garbage.Port}/health/live", "--timeout", Generous]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"127.0.0.1:{garbage.Port}/health/live", run.StandardError);
    }

    [Fact]
    public async Task ProbeExitsTwoOnAUrlThatIsNotHttp()
    {
        var run = await GatewayProcess.RunAsync(["probe", "--url", "localhost:8080"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--url must be an absolute http or https URL", run.StandardError);
    }
}
