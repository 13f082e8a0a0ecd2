namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The server and the <c>check</c> verb, started as real processes: a mistyped setting stops start-up naming the
/// nearest known one, and a configuration error never prints a password, even from a URL too malformed to parse.
/// </summary>
public sealed class ConfigurationTypoAndLeakTests
{
    public static TheoryData<string[]> Commands => new() { Array.Empty<string>(), new[] { "check" } };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task AMistypedSettingStopsStartUpWithTheNearestKnownOne(string[] arguments)
    {
        var environment = new CliEnvironment().Service("typo_api", "http", "http://127.0.0.1:1/health");
        environment["HealthGateway__Services__typo_api__Critcal"] = "true";
        environment["Urls"] = "http://127.0.0.1:0";

        var run = await GatewayProcess.RunAsync(arguments, environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.Equal("Configuration error: HealthGateway:Services:typo_api:Critcal: unknown setting; did you mean Critical?", line.Trim());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task APasswordInAMalformedUrlNeverReachesTheOutput(string[] arguments)
    {
        var environment = new CliEnvironment().Service("typo_api", "http", "http:/eve:Leak1_pw@api/health");
        environment["HealthGateway__Services__typo_api__Timeout"] = "eve:Leak2_pw@soon";
        environment["Urls"] = "http://127.0.0.1:0";

        var run = await GatewayProcess.RunAsync(arguments, environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("HealthGateway:Services:typo_api:Timeout: 'eve:***@soon' is not a duration", run.StandardError);
        Assert.DoesNotContain("Leak1_pw", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("Leak2_pw", run.StandardOutput + run.StandardError);

        // With the typed value fixed, the URL error itself is the one reported, still masked.
        environment.Remove("HealthGateway__Services__typo_api__Timeout");
        var second = await GatewayProcess.RunAsync(arguments, environment);

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains("HealthGateway:Services:typo_api:Url: 'http:/***@api/health' is not an absolute http or https URL", second.StandardError);
        Assert.DoesNotContain("Leak1_pw", second.StandardOutput + second.StandardError);
    }
}
