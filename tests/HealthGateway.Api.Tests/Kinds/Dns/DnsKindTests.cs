using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Dns;

/// <summary>The <c>dns</c> kind through a real gateway against a real dnsmasq serving <c>.internal</c>.</summary>
public sealed class DnsKindTests(DnsKindTests.Environment environment) : IClassFixture<DnsKindTests.Environment>
{
    private string At => $"at 127.0.0.1:{environment.Server.Port}";

    [Fact]
    public void AnAddressThatResolvesIsHealthyAndSaysTheAnswer()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("a"));
        Assert.StartsWith("web.internal A 10.1.2.3 in ", environment.Body.EntryDescription("a"));
        Assert.Equal($"web.internal {At}", environment.Body.Entry("a").GetProperty("data").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("aaaa", "web.internal AAAA fd00::17 in ")]
    [InlineData("cname", "alias.internal CNAME web.internal in ")]
    [InlineData("mx", "internal MX 10 mail.internal in ")]
    [InlineData("txt", "txt.internal TXT v=spf1 -all in ")]
    [InlineData("srv", "_sip._tcp.internal SRV 0 5 5060 sip.internal in ")]
    public void EachRecordTypeIsAskedForAndItsExpectedAnswerFound(string service, string description)
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus(service));
        Assert.StartsWith(description, environment.Body.EntryDescription(service));
    }

    [Fact]
    public void AMissingNameIsNxdomainAtTheServer()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("missing"));
        Assert.Equal($"nope.internal: no such name (NXDOMAIN) {At}", environment.Body.EntryDescription("missing"));
    }

    [Fact]
    public void AnUnexpectedAnswerSaysWhatCameBack()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("wrongAnswer"));
        Assert.Equal($"web.internal: A answered 10.1.2.3, expected 10.9.9.9 {At}", environment.Body.EntryDescription("wrongAnswer"));
    }

    [Fact]
    public void ANameWithoutThatRecordTypeSaysSo() =>
        Assert.Equal($"web.internal: no MX record {At}", environment.Body.EntryDescription("noMx"));

    [Fact]
    public void ARefusedPortIsUnhealthyAndNamesTheServer()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("refused"));
        Assert.Contains($"at 127.0.0.1:{environment.RefusedPort}", environment.Body.EntryDescription("refused"));
    }

    [Fact]
    public void ASilentServerCostsTheTimeout()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("blackhole"));
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Theory]
    [InlineData("RecordType", "PTR", "HealthGateway:Services:d:RecordType: 'PTR' is not one of A, AAAA, CNAME, MX, TXT, SRV")]
    [InlineData("Server", "127.0.0.1:99999", "HealthGateway:Services:d:Server: '127.0.0.1:99999' is not host:port")]
    [InlineData("Name", "", "HealthGateway:Services:d:Name: missing")]
    [InlineData("Name", "exa\u0007mple.internal", "HealthGateway:Services:d:Name: 'exa\\u0007mple.internal' is not a DNS name")]
    [InlineData("Name", "web\tinternal", "HealthGateway:Services:d:Name: 'web\\u0009internal' is not a DNS name")]
    public async Task ABadSettingStopsStartUpNamingServiceAndField(string field, string value, string message)
    {
        var settings = new GatewaySettings().Service("d", "dns", "web.internal");
        settings.Set($"HealthGateway:Services:d:{field}", value);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => settings.StartAsync());
        Assert.Contains(message, error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public DnsmasqServer Server { get; private set; } = null!;

        public int RefusedPort { get; private set; }

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(await DnsmasqServer.StartAsync(
                ["10.1.2.3 web.internal", "fd00::17 web.internal"],
                ["--cname=alias.internal,web.internal", "--mx-host=internal,mail.internal,10", "--txt-record=txt.internal,v=spf1 -all",
                 "--srv-host=_sip._tcp.internal,sip.internal,5060,0,5"]));
            var blackhole = Own(new UdpBlackhole());
            RefusedPort = Testing.RefusedPort.Get();
            var at = ("Server", Server.Server);
            var settings = new GatewaySettings()
                .Service("a", "dns", "web.internal", fields: at)
                .Service("aaaa", "dns", "web.internal", fields: [at, ("RecordType", "AAAA"), ("Expect", "fd00::17")])
                .Service("cname", "dns", "alias.internal", fields: [at, ("RecordType", "cname"), ("Expect", "web.internal.")])
                .Service("mx", "dns", "internal", fields: [at, ("RecordType", "MX"), ("Expect", "mail.internal")])
                .Service("txt", "dns", "txt.internal", fields: [at, ("RecordType", "TXT"), ("Expect", "v=spf1 -all")])
                .Service("srv", "dns", "_sip._tcp.internal", fields: [at, ("RecordType", "SRV"), ("Expect", "0 5 5060 sip.internal")])
                .Service("missing", "dns", "nope.internal", fields: at)
                .Service("wrongAnswer", "dns", "web.internal", fields: [at, ("Expect", "10.9.9.9")])
                .Service("noMx", "dns", "web.internal", fields: [at, ("RecordType", "MX")])
                .Service("refused", "dns", "web.internal", fields: [("Server", $"127.0.0.1:{RefusedPort}"), ("Timeout", "00:00:01")])
                .Service("blackhole", "dns", "web.internal", fields: [("Server", $"127.0.0.1:{blackhole.Port}"), ("Timeout", "00:00:01")]);
            return (settings, ["a", "aaaa", "cname", "mx", "txt", "srv", "missing", "wrongAnswer", "noMx", "refused", "blackhole"]);
        }
    }
}
