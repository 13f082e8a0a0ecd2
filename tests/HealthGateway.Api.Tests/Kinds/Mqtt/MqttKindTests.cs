using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Mqtt;

/// <summary>The <c>mqtt</c> kind through a real gateway against two real mosquitto brokers: one open, one with a password file.</summary>
public sealed class MqttKindTests(MqttKindTests.Environment environment) : IClassFixture<MqttKindTests.Environment>
{
    private const string Password = "Mq-s3cret-pw";
    private const string WrongPassword = "Wr0ng-mqtt-pw";

    [Fact]
    public void AnOpenBrokerIsHealthyAndItsTargetHasNoCredentials()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("open"));
        Assert.StartsWith("MQTT connected in ", environment.Body.EntryDescription("open"));
        Assert.Equal($"127.0.0.1:{environment.Open.Port}", environment.Body.Entry("open").GetProperty("data").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("openRoundTrip")]
    [InlineData("login")]
    public void ATopicMakesARoundTrip(string service)
    {
        Assert.StartsWith("MQTT round trip in ", environment.Body.EntryDescription(service));
        Assert.Equal("Healthy", environment.Body.EntryStatus(service));
    }

    [Fact]
    public void WrongCredentialsAreAnAuthenticationFailure()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongPassword"));
        Assert.Equal($"authentication failed (127.0.0.1:{environment.Locked.Port})", environment.Body.EntryDescription("wrongPassword"));
    }

    [Fact]
    public void NoCredentialsForABrokerThatWantsThemIsSaidSo() =>
        Assert.Equal($"authentication failed: the broker wants a user name and password (127.0.0.1:{environment.Locked.Port})",
            environment.Body.EntryDescription("anonymous"));

    [Fact]
    public void ARefusedPortIsReportedAsRefused()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("refused"));
        Assert.StartsWith("connection refused (127.0.0.1:", environment.Body.EntryDescription("refused"));
    }

    [Fact]
    public void ABlackholedBrokerCostsTheTimeout()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task NeitherPasswordAppearsInResponsesMetricsOrDebugLogs()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, "login", "wrongPassword");
        Assert.DoesNotContain(Password, shown);
        Assert.DoesNotContain(WrongPassword, shown);
    }

    [Fact]
    public async Task ANonMqttUriStopsStartUpNamingServiceAndFieldButNotThePassword()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("mq", "mqtt", "http://app:Start-up-pw9@mq:1883").StartAsync());
        Assert.Contains("HealthGateway:Services:mq:ConnectionString: is not an mqtt:// or mqtts:// URI", error.Message);
        Assert.DoesNotContain("Start-up-pw9", error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public MosquittoServer Open { get; private set; } = null!;

        public MosquittoServer Locked { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Open = Own(await MosquittoServer.StartAsync());
            Locked = Own(await MosquittoServer.StartAsync("app", Password));
            var blackhole = Own(BlackholeServer.Start());
            // A generous timeout where the broker answers: the first MQTT connection of a busy test host is slow.
            var generous = ("Timeout", "00:00:10");
            var settings = new GatewaySettings()
                .Service("open", "mqtt", Open.ConnectionString, fields: generous)
                .Service("openRoundTrip", "mqtt", Open.ConnectionString, fields: [("Topic", "healthgateway/probe"), generous])
                .Service("login", "mqtt", Locked.ConnectionString, fields: [("Topic", "healthgateway/probe"), generous])
                .Service("wrongPassword", "mqtt", Locked.UriFor(WrongPassword), fields: generous)
                .Service("anonymous", "mqtt", $"mqtt://127.0.0.1:{Locked.Port}", fields: generous)
                .Service("refused", "mqtt", $"mqtt://app:x@127.0.0.1:{RefusedPort.Get()}")
                .Service("blackhole", "mqtt", $"mqtt://app:x@127.0.0.1:{blackhole.Port}", fields: ("Timeout", "00:00:01"));
            return (settings, ["open", "openRoundTrip", "login", "wrongPassword", "anonymous", "refused", "blackhole"]);
        }
    }
}
