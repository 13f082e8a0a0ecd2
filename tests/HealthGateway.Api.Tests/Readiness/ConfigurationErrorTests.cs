using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Readiness;

/// <summary>A bad configuration stops the gateway at start with one line that names the service and the field.</summary>
public sealed class ConfigurationErrorTests
{
    public static TheoryData<string, string, string> Errors => new()
    {
        { "Kind", "ftp", "HealthGateway:Services:svc:Kind: unknown kind 'ftp'" },
        { "Url", "", "HealthGateway:Services:svc:Url: missing" },
        { "Url", "http//broken", "HealthGateway:Services:svc:Url: 'http//broken' is not an absolute http or https URL" },
        { "Timeout", "-00:00:01", "HealthGateway:Services:svc:Timeout: must be positive" },
        { "DegradedAfter", "00:00:09", "HealthGateway:Services:svc:DegradedAfter: must be shorter than Timeout" },
        { "Timeout", "soon", "HealthGateway:Services:svc:Timeout" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task EachConfigurationErrorStopsStartUpWithItsMessage(string field, string value, string expected)
    {
        var settings = new GatewaySettings()
            .Set("HealthGateway:Services:svc:Kind", "http")
            .Set("HealthGateway:Services:svc:Url", "http://127.0.0.1:1/health")
            .Set("HealthGateway:Services:svc:Timeout", "00:00:05")
            .Set($"HealthGateway:Services:svc:{field}", value);

        var exception = await Record.ExceptionAsync(() => settings.StartAsync());

        Assert.NotNull(exception);
        var line = StartupErrors.Describe(exception);
        Assert.True(line is not null, exception.ToString());
        Assert.StartsWith("Configuration error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task ANameTakenByABuiltInCheckIsADuplicate()
    {
        var settings = new GatewaySettings().Service("api", "tcp", "127.0.0.1:1");

        var exception = await Record.ExceptionAsync(() => settings.StartAsync(services =>
            services.AddHealthChecks().AddCheck("api", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy())));

        Assert.True(StartupErrors.Describe(exception!)?.Contains("HealthGateway:Services:api: duplicate name", StringComparison.Ordinal) == true, exception!.ToString());
    }

    [Fact]
    public async Task ADisabledServiceIsOutOfTheGateButItsConfigurationStays()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", "127.0.0.1:1", critical: true)
            .Set("HealthGateway:Services:api:Enabled", "false")
            .Service("ok", "tcp", "127.0.0.1:1")
            .Set("HealthGateway:Services:ok:Enabled", "false")
            .StartAsync();

        var (status, body) = await gateway.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("criticalServices").GetArrayLength());
        Assert.Empty(body.GetProperty("entries").EnumerateObject());
    }
}
