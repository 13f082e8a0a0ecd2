using System.Text.Json;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary><c>check</c> as a real process against real targets: exit code, table, JSON, configuration errors.</summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private TargetServer _target = null!;

    public async Task InitializeAsync() => _target = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task CheckExitsZeroAndPrintsATableWhenEveryCriticalServiceIsUp()
    {
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment()
            .Service("api", "http", $"{_target.BaseUrl}/ok", critical: true)
            .Service("cache", "tcp", $"tcp://127.0.0.1:{refused}");

        var run = await GatewayProcess.RunAsync(["check"], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.StandardOutput.Split('\n');
        Assert.Matches(@"^SERVICE\s+KIND\s+CRITICAL\s+STATUS\s+DURATION\s+DESCRIPTION", lines[0]);
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^api\s+http\s+yes\s+Healthy\s+\d+(\.\d+)? m?s\s+HTTP 200"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, $@"^cache\s+tcp\s+no\s+Unhealthy\s+.*refused.*127\.0\.0\.1:{refused}"));
        Assert.Contains("Ready: Degraded (unavailable, not critical: cache)", run.StandardOutput);
        Assert.Equal(1, _target.Hits("/ok"));
    }

    [Fact]
    public async Task CheckExitsOneAndNamesTheCriticalServiceThatIsDown()
    {
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment()
            .Service("api", "http", $"{_target.BaseUrl}/ok", critical: true)
            .Service("backend", "http", $"http://127.0.0.1:{refused}/health", critical: true);

        var run = await GatewayProcess.RunAsync(["check"], environment);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Not ready: Unhealthy", run.StandardOutput);
        Assert.Contains($"  backend (critical): connection refused (http://127.0.0.1:{refused}/health)", run.StandardOutput);
        Assert.DoesNotContain("  api", run.StandardOutput);
    }

    [Fact]
    public async Task CheckJsonPrintsTheReadinessBodyShape()
    {
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment()
            .Service("api", "http", $"{_target.BaseUrl}/ok", critical: true)
            .Service("down", "http", $"http://127.0.0.1:{refused}/", critical: true);

        var run = await GatewayProcess.RunAsync(["check", "--json"], environment);

        Assert.True(run.ExitCode == 1, run.ToString());
        using var document = JsonDocument.Parse(run.StandardOutput);
        var body = document.RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("allCriticalServicesAvailable").GetBoolean());
        Assert.Equal(["down"], body.GetProperty("unavailableServices").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["api", "down"], body.GetProperty("criticalServices").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.True(TimeSpan.TryParse(body.GetProperty("totalDuration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var entries = body.GetProperty("entries");
        Assert.Equal(["api", "down"], entries.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Healthy", entries.GetProperty("api").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", entries.GetProperty("down").GetProperty("status").GetString());
        Assert.Contains("connection refused", entries.GetProperty("down").GetProperty("description").GetString());
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public async Task CheckHonoursEachServicesOwnTimeout()
    {
        var environment = new CliEnvironment()
            .Service("api", "http", $"{_target.BaseUrl}/ok", critical: true)
            .Service("hung", "http", $"{_target.BaseUrl}/slow/30000", critical: true, ("Timeout", "00:00:01"));

        var run = await GatewayProcess.RunAsync(["check"], environment);

        // The slow target answers after 30 s; the check gives up after its own 1 s, and the process with it.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"  hung (critical): timed out after 1 s ({_target.BaseUrl}/slow/30000)", run.StandardOutput);
        Assert.Matches(@"(?m)^api\s+http\s+yes\s+Healthy", run.StandardOutput);
    }

    [Theory]
    [InlineData("Kind", "rdis", "HealthGateway:Services:broken:Kind: unknown kind 'rdis'")]
    [InlineData("Url", "not a url", "HealthGateway:Services:broken:Url: 'not a url' is not an absolute http or https URL")]
    [InlineData("Timeout", "-00:00:01", "HealthGateway:Services:broken:Timeout: must be positive")]
    public async Task CheckExitsTwoWithOneLineNamingTheServiceAndFieldOnAConfigurationError(string field, string value, string expected)
    {
        var environment = new CliEnvironment().Service("broken", "http", $"{_target.BaseUrl}/ok");
        environment[$"HealthGateway__Services__broken__{field}"] = value;

        var run = await GatewayProcess.RunAsync(["check"], environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line);
        Assert.Contains(expected, line);
        Assert.Equal("", run.StandardOutput);
        Assert.Equal(0, _target.Hits("/ok"));
    }

    [Fact]
    public async Task CheckTakesKeyValueOverridesAfterTheVerbLikeTheServer()
    {
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment().Service("api", "http", $"http://127.0.0.1:{refused}/", critical: true);

        // The command line wins over the environment, as it does for the server.
        var run = await GatewayProcess.RunAsync(["check", $"--HealthGateway:Services:api:Url={_target.BaseUrl}/ok"], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, _target.Hits("/ok"));
    }

    [Fact]
    public async Task CheckExitsTwoOnAMistypedOptionInsteadOfIgnoringIt()
    {
        var run = await GatewayProcess.RunAsync(["check", "--jsn"], new CliEnvironment().Service("api", "http", $"{_target.BaseUrl}/ok"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'--jsn'", run.StandardError);
        Assert.Equal(0, _target.Hits("/ok"));
    }

    [Fact]
    public async Task CheckReadsTheShippedAppsettingsFromAnyWorkingDirectory()
    {
        // Only the targets are moved, to a port that refuses, so that nothing on this machine can answer for them;
        // the names, kinds and criticality must come from the appsettings.json beside the binary.
        var refused = RefusedPort.Get();
        var environment = new CliEnvironment
        {
            ["HealthGateway__Services__backend_api__Url"] = $"http://127.0.0.1:{refused}/health",
            ["HealthGateway__Services__auth_service__Url"] = $"http://127.0.0.1:{refused}/health",
            ["HealthGateway__Services__websocket_endpoint__Url"] = $"ws://127.0.0.1:{refused}/ws",
            ["HealthGateway__Services__database__ConnectionString"] = $"Host=127.0.0.1;Port={refused};Username=postgres",
            ["HealthGateway__Services__redis__ConnectionString"] = $"127.0.0.1:{refused}",
        };

        var run = await GatewayProcess.RunAsync(["check"], environment, keepShippedServices: true);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"(?m)^backend_api\s+http\s+yes\s+Unhealthy", run.StandardOutput);
        Assert.Matches(@"(?m)^auth_service\s+http\s+no\s+Unhealthy", run.StandardOutput);
        Assert.Matches(@"(?m)^websocket_endpoint\s+websocket\s+yes\s+Unhealthy", run.StandardOutput);
        Assert.Matches(@"(?m)^database\s+postgres\s+no\s+Unhealthy", run.StandardOutput);
        Assert.Matches(@"(?m)^redis\s+redis\s+no\s+Unhealthy", run.StandardOutput);
    }

    [Theory]
    [InlineData("check", "--json")]
    [InlineData("wait", "--timeout")]
    [InlineData("probe", "--url")]
    public async Task EachVerbHasHelp(string verb, string option)
    {
        var run = await GatewayProcess.RunAsync([verb, "--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"HealthGateway.Api {verb} [options]", run.StandardOutput);
        Assert.Contains(option, run.StandardOutput);
        Assert.Contains("Exit", run.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    // The verbs read the server's settings file too, named either way, so a CI step checks what the server serves.
    [Theory]
    [InlineData("argument")]
    [InlineData("environment")]
    public async Task CheckReadsTheSettingsFileNamedByConfigOrTheEnvironment(string namedBy)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hg-check-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            HealthGateway = new { Services = new { fromFile = new { Kind = "http", Url = $"{_target.BaseUrl}/ok", Critical = true } } },
        }));
        try
        {
            var environment = new CliEnvironment();
            string[] arguments = namedBy == "argument" ? ["check", "--config", file] : ["check"];
            if (namedBy == "environment")
            {
                environment["HEALTHGATEWAY_CONFIG"] = file;
            }

            var run = await GatewayProcess.RunAsync(arguments, environment);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Matches(@"(?m)^fromFile\s+http\s+yes\s+Healthy", run.StandardOutput);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CheckWithAMissingSettingsFileIsAConfigurationError()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"hg-missing-{Guid.NewGuid():N}.json");

        var run = await GatewayProcess.RunAsync(["check", $"--config={missing}"], new CliEnvironment());

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"the file '{missing}' does not exist", run.StandardError);
    }
}
