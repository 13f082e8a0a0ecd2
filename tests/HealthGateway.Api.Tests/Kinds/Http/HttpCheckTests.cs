using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Http;

/// <summary>One gateway with one http service per situation, against real servers on loopback.</summary>
public sealed class HttpCheckTests(HttpCheckTests.Environment environment) : IClassFixture<HttpCheckTests.Environment>
{
    [Fact]
    public void AnAnsweringEndpointIsHealthyWithItsStatusCode()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("HTTP 200 in ", environment.Body.EntryDescription("ok"));
    }

    [Fact]
    public void ARefusedConnectionIsUnhealthyAndSaysSoInMilliseconds()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("refused"));
        Assert.Equal($"connection refused ({environment.RefusedUrl})", environment.Body.EntryDescription("refused"));
        // Far below its 10 s timeout: a refusal is answered at once, not waited out. The margin absorbs a loaded machine.
        Assert.True(environment.Body.EntryDuration("refused") < TimeSpan.FromSeconds(3),
            $"took {environment.Body.EntryDuration("refused")}, as if the refusal were waited out");
    }

    [Fact]
    public void ABlackholedEndpointCostsItsTimeoutAndIsDescribedAsATimeout()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("blackhole"));
        Assert.StartsWith("timed out after 1 s (http://127.0.0.1:", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5), "a hung dependency costs its timeout, never more");
    }

    [Fact]
    public void AServerErrorIsUnhealthyAndNamesTheCode()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("error"));
        Assert.Equal($"HTTP 500 from {environment.Target.BaseUrl}/status/500 (expected 200-299)", environment.Body.EntryDescription("error"));
    }

    [Fact]
    public void ConfiguredExpectedCodesAreHonoured()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("expects401"));
    }

    [Fact]
    public void ASuccessSlowerThanDegradedAfterIsDegraded()
    {
        Assert.Equal("Degraded", environment.Body.EntryStatus("slow"));
        Assert.StartsWith("slow: HTTP 200 in ", environment.Body.EntryDescription("slow"));
    }

    [Fact]
    public void AnUntrustedCertificateIsATlsFailure()
    {
        // Since certificates are judged (issue 11), the failure says why the handshake was refused.
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("tls"));
        Assert.StartsWith("certificate not trusted: self-signed", environment.Body.EntryDescription("tls"));
    }

    [Fact]
    public void AGarbageAnswerIsAnInvalidResponseNotACrash()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("garbage"));
        Assert.Contains("invalid HTTP response", environment.Body.EntryDescription("garbage"));
    }

    public sealed class Environment : GatewayEnvironment
    {
        public TargetServer Target { get; private set; } = null!;

        public string RefusedUrl { get; private set; } = "";

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Target = Own(await TargetServer.StartAsync());
            var tls = Own(await TargetServer.StartAsync(useTls: true));
            var blackhole = Own(BlackholeServer.Start());
            var garbage = Own(GarbageServer.Start());
            RefusedUrl = $"http://127.0.0.1:{RefusedPort.Get()}/health";
            var settings = new GatewaySettings()
                .Service("ok", "http", $"{Target.BaseUrl}/ok")
                .Service("refused", "http", RefusedUrl, fields: ("Timeout", "00:00:10"))
                .Service("blackhole", "http", blackhole.HttpUrl, fields: ("Timeout", "00:00:01"))
                .Service("error", "http", $"{Target.BaseUrl}/status/500")
                .Service("expects401", "http", $"{Target.BaseUrl}/status/401", fields: ("ExpectedStatusCodes", "200,401"))
                .Service("slow", "http", $"{Target.BaseUrl}/slow/400", fields: [("Timeout", "00:00:03"), ("DegradedAfter", "00:00:00.150")])
                .Service("tls", "http", $"{tls.BaseUrl}/ok")
                .Service("garbage", "http", garbage.HttpUrl);
            return (settings, ["ok", "refused", "blackhole", "error", "expects401", "slow", "tls", "garbage"]);
        }
    }
}
