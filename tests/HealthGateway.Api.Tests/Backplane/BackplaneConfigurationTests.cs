using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>A bad backplane setting stops the gateway at start with one line naming the key, and never the password.</summary>
public sealed class BackplaneConfigurationTests
{
    public static TheoryData<string, string, string> Errors => new()
    {
        { "Redis", "127.0.0.1:6379,password=hunter2-pw,bogus=1", "HealthGateway:Backplane:Redis: is not a valid StackExchange.Redis connection string" },
        { "Redis", "password=hunter2-pw", "HealthGateway:Backplane:Redis: names no endpoint (host:port)" },
        { "Channel", "two words", "HealthGateway:Backplane:Channel: must be 1-256 printable characters without spaces" },
        { "PublishTimeout", "00:00:00", "HealthGateway:Backplane:PublishTimeout must be between" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task EachBackplaneConfigurationErrorStopsStartUpWithItsMessage(string field, string value, string expected)
    {
        var settings = new GatewaySettings()
            .Set("HealthGateway:Backplane:Redis", "127.0.0.1:6379")
            .Set($"HealthGateway:Backplane:{field}", value);

        var exception = await Record.ExceptionAsync(() => settings.StartAsync());

        Assert.NotNull(exception);
        var line = StartupErrors.Describe(exception);
        Assert.True(line is not null, exception.ToString());
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-pw", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task WithoutABackplaneThereIsNoBackplaneEntryInReadiness()
    {
        await using var gateway = await new GatewaySettings().Service("tcp", "tcp", "127.0.0.1:1").StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("tcp"));

        Assert.False(body.HasEntry("backplane"));
    }
}
