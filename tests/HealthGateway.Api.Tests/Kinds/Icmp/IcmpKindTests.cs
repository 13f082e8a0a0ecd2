using System.Text.Json;
using HealthGateway.Api.Tests.CommandLine;
using HealthGateway.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Icmp;

/// <summary>
/// The <c>icmp</c> kind: a real echo to the loopback address through a real gateway; the blackholed and unreachable
/// cases in a network namespace of their own (where the loopback address ignores echo requests and nothing else is
/// routed, so nothing leaves this machine); and the gateway run as nobody, which may not send ICMP.
/// </summary>
public sealed class IcmpKindTests(IcmpKindTests.Environment environment) : IClassFixture<IcmpKindTests.Environment>
{
    private static readonly string[] s_pingUtilities = ["/bin/ping", "/usr/bin/ping", "/sbin/ping", "/usr/sbin/ping"];

    private static bool IsRoot => System.Environment.UserName == "root" || System.Environment.GetEnvironmentVariable("USER") == "root";

    [Fact]
    public void TheLoopbackAddressIsHealthyAndTheRoundTripTimeIsSaid()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("loopback"));
        Assert.Matches(@"^echo reply in \d+ ms \(127\.0\.0\.1\)$", environment.Body.EntryDescription("loopback"));
    }

    [Fact]
    public void DegradedAfterAppliesToTheRoundTrip()
    {
        Assert.Equal("Degraded", environment.Body.EntryStatus("slow"));
        Assert.Matches(@"^slow: echo reply in \d+ ms \(127\.0\.0\.1\), over the .* threshold$", environment.Body.EntryDescription("slow"));
    }

    [Theory]
    [InlineData("", "HealthGateway:Services:p:Host: missing")]
    [InlineData("http://10.0.0.1", "HealthGateway:Services:p:Host: 'http://10.0.0.1' is not a host name or address")]
    [InlineData("10.0.0.1:80", "HealthGateway:Services:p:Host: '10.0.0.1:80' is not a host name or address")]
    public async Task ABadHostStopsStartUpNamingServiceAndField(string host, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings().Service("p", "icmp", host).StartAsync());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task ABlackholedHostCostsTheTimeoutAndAnUnroutedOneIsUnreachable()
    {
        // A network namespace of its own: the loopback address there ignores echo requests (a blackhole that is not
        // this machine's), and 10.1.1.1 has no route. unshare -r maps the caller to root in a user namespace when not root.
        string[] unshare = IsRoot ? ["unshare", "--net"] : ["unshare", "--map-root-user", "--net"];
        IReadOnlyList<string> wrapper =
        [
            .. unshare, "sh", "-c", "ip link set lo up && echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all && exec \"$0\" \"$@\"",
        ];
        var variables = Icmp(new CliEnvironment(), "blackhole", "127.0.0.1", "00:00:01");
        Icmp(variables, "unrouted", "10.1.1.1", "00:00:02");

        var run = await GatewayProcess.RunAsync(["check", "--json"], variables, wrapper: wrapper);

        var entries = Entries(run);
        Assert.Equal("Unhealthy", entries.GetProperty("blackhole").GetProperty("status").GetString());
        Assert.StartsWith("timed out after 1", entries.GetProperty("blackhole").GetProperty("description").GetString());
        Assert.True(TimeSpan.Parse(entries.GetProperty("blackhole").GetProperty("duration").GetString()!) < TimeSpan.FromSeconds(2.5), run.ToString());
        Assert.Equal("network unreachable: no route to the host (10.1.1.1)", entries.GetProperty("unrouted").GetProperty("description").GetString());
    }

    [Fact]
    public async Task AGatewayThatMayNotSendIcmpSaysSoAndNeverTimedOut()
    {
        // As nobody, and without CAP_NET_RAW in the bounding set, so that no ping utility can gain it from its file
        // capability or set-uid bit either: only an unprivileged ICMP socket (net.ipv4.ping_group_range) could still ping.
        IReadOnlyList<string>? wrapper = IsRoot
            ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--bounding-set=-net_raw", "--inh-caps=-all"]
            : null;
        var variables = Icmp(new CliEnvironment { ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_HOME"] = Path.GetTempPath() },
            "loopback", "127.0.0.1", "00:00:02");

        var run = await GatewayProcess.RunAsync(["check", "--json"], variables, wrapper: wrapper);

        var entry = Entries(run).GetProperty("loopback");
        if (UtilityMayPingAsNobody())
        {
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
            return;
        }

        Assert.Equal("Unhealthy", entry.GetProperty("status").GetString());
        Assert.Equal("ICMP not permitted: run as root or grant CAP_NET_RAW (127.0.0.1)", entry.GetProperty("description").GetString());
    }

    // A ping utility sends through an unprivileged ICMP socket when nobody's group is in net.ipv4.ping_group_range.
    private static bool UtilityMayPingAsNobody()
    {
        if (!s_pingUtilities.Any(File.Exists))
        {
            return false;
        }

        var range = File.ReadAllText("/proc/sys/net/ipv4/ping_group_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(range[0]) <= 65534 && 65534 <= long.Parse(range[1]);
    }

    private static CliEnvironment Icmp(CliEnvironment environment, string name, string host, string timeout)
    {
        var prefix = $"HealthGateway__Services__{name}__";
        environment[prefix + "Kind"] = "icmp";
        environment[prefix + "Host"] = host;
        environment[prefix + "Timeout"] = timeout;
        return environment;
    }

    private static JsonElement Entries(GatewayRun run)
    {
        Assert.True(run.StandardOutput.TrimStart().StartsWith('{'), run.ToString());
        return JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("entries").Clone();
    }

    public sealed class Environment : GatewayEnvironment
    {
        protected override Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var settings = new GatewaySettings()
                .Service("loopback", "icmp", "127.0.0.1", fields: ("Timeout", "00:00:02"))
                .Service("slow", "icmp", "127.0.0.1", fields: [("Timeout", "00:00:02"), ("DegradedAfter", "00:00:00.0000001")]);
            return Task.FromResult((settings, new[] { "loopback", "slow" }));
        }
    }
}
