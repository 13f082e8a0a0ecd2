namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>The server itself (no verb), started as a real process with a bad configuration.</summary>
public sealed class ServerStartupTests
{
    [Theory]
    [InlineData("Url", "htp:/api", "HealthGateway:Services:broken:Url: 'htp:/api' is not an absolute http or https URL")]
    [InlineData("Timeout", "100.00:00:00", "HealthGateway:Services:broken:Timeout: must be at most 00:10:00")]
    [InlineData("Headers__Bad Header", "x", "HealthGateway:Services:broken:Headers:Bad Header: is not a valid HTTP header name")]
    public async Task TheServerRefusesToStartWithOneLineAndNoStackTrace(string field, string value, string expected)
    {
        var environment = new CliEnvironment().Service("broken", "http", "http://127.0.0.1:1/health");
        environment[$"HealthGateway__Services__broken__{field}"] = value;
        environment["Urls"] = "http://127.0.0.1:0";

        var run = await GatewayProcess.RunAsync([], environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.StartsWith($"Configuration error: {expected}", line);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
    }
}
