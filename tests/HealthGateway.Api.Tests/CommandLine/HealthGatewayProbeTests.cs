using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// healthgateway-probe (src/HealthGateway.Probe) as a real process, the way HEALTHCHECK runs it, against a real
/// gateway and real loopback servers: its exit code (0 up, 1 any other status, 2 no HTTP answer) and its one line.
/// </summary>
public sealed class HealthGatewayProbeTests
{
    /// <summary>
    /// Where the timeout is not what a test is about, a generous one: the JIT build compiles its socket code inside
    /// the probe's deadline, which on a loaded machine can take seconds.
    /// </summary>
    private const string Generous = "--timeout=30s";

    [Fact]
    public async Task ExitsZeroWithOneLineAgainstTheLivenessOfARunningGateway()
    {
        await using var gateway = await new GatewaySettings().StartAsync();
        var url = new Uri(gateway.BaseUrl, "/health/live").ToString();

        var run = await ProbeProcess.RunAsync(url, Generous);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{url}: 200 OK", run.Line);
    }

    [Fact]
    public async Task ExitsOneWithTheStatusWhenTheGatewayIsNotReadyAndVerboseNamesWhatIsUnavailable()
    {
        await using var gateway = await NotReadyGatewayAsync();
        var url = new Uri(gateway.BaseUrl, "/health/ready").ToString();

        var plain = await ProbeProcess.RunAsync(url, Generous);
        var verbose = await ProbeProcess.RunAsync(url, "--verbose", Generous);

        Assert.True(plain.ExitCode == 1, plain.ToString());
        Assert.Equal($"{url}: 503 Service Unavailable", plain.Line);
        Assert.True(verbose.ExitCode == 1, verbose.ToString());
        Assert.Equal($"{url}: 503 Service Unavailable; unavailable: api", verbose.Line);
    }

    [Fact]
    public async Task ExitsZeroOnTheStatusItIsToldToExpectAndOneOnAnyOther()
    {
        await using var gateway = await NotReadyGatewayAsync();
        var ready = new Uri(gateway.BaseUrl, "/health/ready").ToString();
        var live = new Uri(gateway.BaseUrl, "/health/live").ToString();

        var expected = await ProbeProcess.RunAsync(ready, "--expect", "503", Generous);
        var other = await ProbeProcess.RunAsync(live, "--expect=503", Generous);

        Assert.True(expected.ExitCode == 0, expected.ToString());
        Assert.True(other.ExitCode == 1, other.ToString());
        Assert.Equal($"{live}: 200 OK (expected 503)", other.Line);
    }

    [Fact]
    public async Task ExitsTwoWhenTheConnectionIsRefused()
    {
        var port = RefusedPort.Get();

        var run = await ProbeProcess.RunAsync($"http://127.0.0.1:{port}/health/live", Generous);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"http://127.0.0.1:{port}/health/live: cannot connect to 127.0.0.1:{port}: connection refused", run.Line);
    }

    [Fact]
    public async Task ExitsTwoAtItsTimeoutWhenTheServerAcceptsAndNeverAnswers()
    {
        await using var blackhole = BlackholeServer.Start();

        var run = await ProbeProcess.RunAsync($"http://127.0.0.1:{blackhole.Port}/health/live", "--timeout", "1s");

        Assert.True(run.ExitCode == 2, run.ToString());
        // "no answer within 1 s"; or, when the JIT build spent the whole second compiling its socket code on a loaded
        // machine, "cannot connect to …: no connection within 1 s".
        Assert.StartsWith($"http://127.0.0.1:{blackhole.Port}/health/live: ", run.Line);
        Assert.EndsWith(" within 1 s", run.Line);

        // The timeout is the feature: it waited for it, and then stopped (a generous margin for a loaded machine).
        Assert.True(run.Elapsed >= TimeSpan.FromSeconds(1), run.ToString());
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(20), run.ToString());
    }

    [Fact]
    public async Task ExitsTwoAndQuotesWhatCameBackWhenTheAnswerIsNotHttp()
    {
        await using var garbage = GarbageServer.Start();

        var run = await ProbeProcess.RunAsync($"http://127.0.0.1:{garbage.Port}/health/live", Generous);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"http://127.0.0.1:{garbage.Port}/health/live: not an HTTP answer: \"HELLO-NOT-A-PROTOCOL", run.Line);
    }

    [Fact]
    public async Task ExitsTwoOnHttpsAndSaysItSpeaksPlainHttpOnly()
    {
        var run = await ProbeProcess.RunAsync("https://127.0.0.1:8443/health/live");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("https is not supported", run.Line);
    }

    [Fact]
    public async Task ExitsTwoWithTheUsageOnABadCommandLine()
    {
        var none = await ProbeProcess.RunAsync();
        var badTimeout = await ProbeProcess.RunAsync("http://127.0.0.1/", "--timeout", "soon");

        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.StartsWith("usage: healthgateway-probe URL", none.Line);
        Assert.True(badTimeout.ExitCode == 2, badTimeout.ToString());
        Assert.StartsWith("--timeout takes a duration", badTimeout.Line);
    }

    [Fact]
    public async Task NeverPrintsCredentialsOrTheQueryOfItsUrl()
    {
        await using var gateway = await new GatewaySettings().StartAsync();
        var url = $"http://probe-user:probe-Pa55@{gateway.BaseUrl.Authority}/health/live?api_key=probe-K3y";

        var run = await ProbeProcess.RunAsync(url, "--verbose", Generous);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"http://{gateway.BaseUrl.Authority}/health/live: 200 OK", run.Line);
    }

    /// <summary>A gateway whose one critical service refuses connections, once it has checked it (503).</summary>
    private static async Task<GatewayHost> NotReadyGatewayAsync()
    {
        var gateway = await new GatewaySettings()
            .Service("api", "http", $"http://127.0.0.1:{RefusedPort.Get()}/", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(body => body.GetProperty("phase").GetString() == "running");
        return gateway;
    }
}
