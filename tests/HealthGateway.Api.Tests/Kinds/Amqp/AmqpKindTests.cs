using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Amqp;

/// <summary>The <c>amqp</c> kind through a real gateway against one real RabbitMQ node (it boots slowly: one per class).</summary>
public sealed class AmqpKindTests(AmqpKindTests.Environment environment) : IClassFixture<AmqpKindTests.Environment>
{
    private const string WrongPassword = "Wr0ng-amqp-pw";

    [Fact]
    public void AReachableBrokerIsHealthyAndItsTargetHasNoCredentials()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("AMQP channel opened in ", environment.Body.EntryDescription("ok"));
        Assert.Equal($"127.0.0.1:{environment.Server.Port}", environment.Body.Entry("ok").GetProperty("data").GetProperty("target").GetString());
    }

    [Fact]
    public void WrongCredentialsAreAnAuthenticationFailure()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongPassword"));
        Assert.StartsWith("authentication failed", environment.Body.EntryDescription("wrongPassword"));
    }

    [Fact]
    public void AnUnknownVhostIsNamed()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("missingVhost"));
        Assert.Equal($"vhost not found: no-such-vhost (127.0.0.1:{environment.Server.Port})", environment.Body.EntryDescription("missingVhost"));
    }

    [Fact]
    public void ARefusedPortIsReportedAsRefused() =>
        Assert.StartsWith("connection refused (127.0.0.1:", environment.Body.EntryDescription("refused"));

    [Fact]
    public void ABlackholedBrokerCostsTheTimeout()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task NeitherPasswordAppearsInResponsesMetricsOrDebugLogs()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, "ok", "wrongPassword", "missingVhost");
        Assert.DoesNotContain(environment.Server.Password, shown);
        Assert.DoesNotContain(WrongPassword, shown);
    }

    [Fact]
    public async Task ANonAmqpUriStopsStartUpNamingServiceAndFieldButNotThePassword()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("mq", "amqp", "http://app:Start-up-pw9@mq:5672/app").StartAsync());
        Assert.Contains("HealthGateway:Services:mq:ConnectionString: is not an amqp:// or amqps:// URI", error.Message);
        Assert.DoesNotContain("Start-up-pw9", error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public RabbitMqServer Server { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(await RabbitMqServer.StartAsync());
            var blackhole = Own(BlackholeServer.Start());
            var settings = new GatewaySettings()
                .Service("ok", "amqp", Server.ConnectionString)
                .Service("wrongPassword", "amqp", Server.UriFor(Server.Vhost, password: WrongPassword))
                .Service("missingVhost", "amqp", Server.UriFor("no-such-vhost"))
                .Service("refused", "amqp", $"amqp://app:x@127.0.0.1:{RefusedPort.Get()}/")
                .Service("blackhole", "amqp", $"amqp://app:x@127.0.0.1:{blackhole.Port}/", fields: ("Timeout", "00:00:01"));
            return (settings, ["ok", "wrongPassword", "missingVhost", "refused", "blackhole"]);
        }
    }
}
