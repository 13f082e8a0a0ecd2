using System.Net;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Security;

/// <summary>
/// With no key and no token configured, clients from other machines may not read or write events, run diagnostics
/// or write silences. The "other machine" is a second address of this one outside 127.0.0.0/8 (see
/// <see cref="NonLoopbackAddress"/>): the gateway listens on it too, and a client connecting to it comes from it.
/// </summary>
public sealed class ProtectedModeTests
{
    [Fact]
    public async Task AClientFromANonLoopbackAddressIsRefusedWhatReadsOrWritesEventsAndSeesTheReadOnlyViews()
    {
        await using var gateway = await StartOnBothAsync(new GatewaySettings());
        var remote = RemoteUrl(gateway);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var (events, eventsBody) = await AccessRequests.PostEventAsync(client, remote, "alice", null);
        using var diagnostics = await client.PostAsync(new Uri(remote, "/diagnostics/notifier?timeout=5"), null);
        using var silence = await client.PostAsync(new Uri(remote, "/silences"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var socket = await AccessRequests.UpgradeAsync(remote, "/ws?user=alice");

        Assert.Equal(HttpStatusCode.Forbidden, events);
        Assert.Contains("configure HealthGateway:ApiKeys", eventsBody, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, 403), (diagnostics.StatusCode, silence.StatusCode, socket.Status));

        foreach (var open in new[] { "/health/live", "/health/ready", "/metrics", "/", "/silences", "/access" })
        {
            using var response = await client.GetAsync(new Uri(remote, open));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open} answered {(int)response.StatusCode} to a non-loopback client");
        }
    }

    [Fact]
    public async Task OnLoopbackEverythingWorksAsBeforeWithNothingConfigured()
    {
        await using var gateway = await StartOnBothAsync(new GatewaySettings());

        await using var alice = await AccessRequests.OpenAsync(gateway, "/ws?user=alice", "alice");
        var (published, _) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", null);

        Assert.Equal(HttpStatusCode.Accepted, published);
        Assert.Equal("alice", (await alice.ReceiveEventAsync()).User);
    }

    [Fact]
    public async Task WithAKeyConfiguredANonLoopbackClientThatSendsItIsServed()
    {
        await using var gateway = await StartOnBothAsync(ScopedKeyTests.Keys());
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var (published, _) = await AccessRequests.PostEventAsync(client, RemoteUrl(gateway), "alice", "writer-key-0b6e5d1a93");

        Assert.Equal(HttpStatusCode.Accepted, published);
    }

    [Fact]
    public async Task TheServerSaysOnceAtStartThatItIsInProtectedModeWhenItListensBeyondLoopback()
    {
        await using var open = await StartOnBothAsync(new GatewaySettings());
        await using var local = await new GatewaySettings().StartAsync();
        await using var keyed = await StartOnBothAsync(ScopedKeyTests.Keys());

        await Eventually.TrueAsync(() => Notices(open) == 1, "the protected-mode notice");
        Assert.Equal((0, 0), (Notices(local), Notices(keyed)));
        Assert.Contains(open.Logs.RenderedLines(), line => line.Contains("Protected mode", StringComparison.Ordinal) && line.Contains(NonLoopbackAddress.Address!.ToString(), StringComparison.Ordinal));
    }

    private static int Notices(GatewayHost gateway) =>
        gateway.Logs.RenderedLines().Count(line => line.Contains("Protected mode", StringComparison.Ordinal));

    private static Task<GatewayHost> StartOnBothAsync(GatewaySettings settings)
    {
        var address = NonLoopbackAddress.Address;
        Assert.True(address is not null, NonLoopbackAddress.Problem);
        return settings.Set("urls", $"http://127.0.0.1:0;http://{address}:0").StartAsync();
    }

    private static Uri RemoteUrl(GatewayHost gateway)
    {
        var address = NonLoopbackAddress.Address!.ToString();
        return new Uri(gateway.App.Urls.Single(url => url.Contains(address, StringComparison.Ordinal)));
    }
}
