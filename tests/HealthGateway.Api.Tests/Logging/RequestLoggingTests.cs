using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Logging;

/// <summary>One line per request reaches the host's own log: Information in general, Debug for polled endpoints.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task EachRequestIsLoggedOnceAndPolledEndpointsAtDebug()
    {
        await using var gateway = await new GatewaySettings().Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}").StartAsync();

        await gateway.Client.GetAsync("/nope");
        await gateway.Client.GetAsync("/health/ready");

        await Eventually.TrueAsync(() => RequestLines(gateway).Count >= 2, "both requests are logged");
        var lines = RequestLines(gateway);
        Assert.Contains(lines, e => e.Level == LogEventLevel.Information && Path(e) == "/nope" && e.Properties["StatusCode"].ToString() == "404");
        Assert.Contains(lines, e => e.Level == LogEventLevel.Debug && Path(e) == "/health/ready");
    }

    [Fact]
    public async Task WithDebugOffPolledEndpointsAreNotLoggedAndOthersAre()
    {
        await using var gateway = await new GatewaySettings()
            .Set("Serilog:MinimumLevel:Default", "Information")
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        await gateway.Client.GetAsync("/health/ready");
        await gateway.Client.GetAsync("/health/live");
        await gateway.Client.GetAsync("/nope");

        await Eventually.TrueAsync(() => RequestLines(gateway).Count >= 1, "the request to /nope is logged");
        var line = Assert.Single(RequestLines(gateway));
        Assert.Equal("/nope", Path(line));
    }

    private static string? Path(LogEvent e) =>
        e.Properties.TryGetValue("RequestPath", out var path) && path is ScalarValue { Value: string value } ? value : null;

    private static List<LogEvent> RequestLines(GatewayHost gateway) => gateway.Logs.Events
        .Where(e => e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware", StringComparison.Ordinal))
        .ToList();
}
