using System.Net;
using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;

namespace HealthGateway.Api.Tests.Security;

/// <summary>Named keys open only the endpoints of their scopes; logs show a key's name, never the key.</summary>
public sealed class ScopedKeyTests
{
    private const string WriterKey = "writer-key-0b6e5d1a93";
    private const string ReaderKey = "reader-key-c84f27e6b1";
    private const string SilencerKey = "silencer-key-5a9d03f7e2";
    private const string DiagnosticsKey = "diagnostics-key-e1c6b8a4f0";

    [Fact]
    public async Task AnEventsWriteKeyPublishesButCannotConnectAsAUser()
    {
        await using var gateway = await Keys().StartAsync();

        var (published, _) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", WriterKey);
        var (status, body) = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws?user=alice", ("X-Api-Key", WriterKey));

        Assert.Equal(HttpStatusCode.Accepted, published);
        Assert.Equal(403, status);
        Assert.Contains("The key 'writer' does not have the scope events:read-any", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventsReadAnyKeyConnectsAsAnyUserButCannotPublish()
    {
        await using var gateway = await Keys().StartAsync();

        await using var alice = await AccessRequests.OpenAsync(gateway, "/ws?user=alice", "alice", options => options.SetRequestHeader("X-Api-Key", ReaderKey));
        await using var bob = await AccessRequests.OpenAsync(gateway, $"/ws?user=bob&api_key={ReaderKey}", "bob");
        await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", WriterKey);
        var (readerPublishes, _) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "bob", ReaderKey);

        Assert.Equal("alice", (await alice.ReceiveEventAsync()).User);
        Assert.Equal(HttpStatusCode.Forbidden, readerPublishes);
    }

    [Fact]
    public async Task ASilencesWriteKeyAloneCannotRunDiagnosticsButADiagnosticsKeyCan()
    {
        await using var gateway = await Keys().StartAsync();

        using var silencer = await PostAsync(gateway, "/diagnostics/notifier?timeout=10", SilencerKey);
        using var diagnostics = await PostAsync(gateway, "/diagnostics/notifier?timeout=10", DiagnosticsKey);

        Assert.Equal(HttpStatusCode.Forbidden, silencer.StatusCode);
        Assert.Contains("does not have the scope diagnostics", await silencer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, diagnostics.StatusCode);

        // The silencer passes the silence filter (its empty body is then a 400); the writer does not have the scope.
        using var silence = await PostAsync(gateway, "/silences", SilencerKey);
        using var writerSilence = await PostAsync(gateway, "/silences", WriterKey);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Forbidden), (silence.StatusCode, writerSilence.StatusCode));
    }

    [Fact]
    public async Task WithKeysConfiguredNoKeyOrAnUnknownOneIs401EvenOnLoopback()
    {
        await using var gateway = await Keys().StartAsync();

        var (none, noneBody) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", null);
        var (unknown, _) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", "not-a-key");
        var socket = await AccessRequests.UpgradeAsync(gateway.BaseUrl, "/ws?user=alice");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, 401), (none, unknown, socket.Status));
        Assert.Contains("events:write", noneBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSingleApiKeyStillMeansEveryScope()
    {
        const string key = "legacy-key-9e2b7c4d1f";
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", key).StartAsync();

        await using var alice = await AccessRequests.OpenAsync(gateway, "/ws?user=alice", "alice", options => options.SetRequestHeader("X-Api-Key", key));
        var (published, _) = await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", key);
        using var diagnostics = await PostAsync(gateway, "/diagnostics/notifier?timeout=10", key);

        Assert.Equal(HttpStatusCode.Accepted, published);
        Assert.Equal("alice", (await alice.ReceiveEventAsync()).User);
        Assert.Equal(HttpStatusCode.OK, diagnostics.StatusCode);
        Assert.Contains(gateway.Logs.RenderedLines(), line => line.Contains("Caller=\"ApiKey\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogLinesNameTheKeyAndNeverContainIt()
    {
        await using var gateway = await Keys().StartAsync();

        await AccessRequests.PostEventAsync(gateway.Client, gateway.BaseUrl, "alice", WriterKey);
        using var diagnostics = await PostAsync(gateway, "/diagnostics/notifier?timeout=10", DiagnosticsKey);
        await AccessRequests.UpgradeAsync(gateway.BaseUrl, $"/ws?user=alice&api_key={WriterKey}");

        var lines = gateway.Logs.RenderedLines().ToList();
        Assert.Contains(lines, line => line.Contains("Caller=\"writer\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Caller=\"diagnostics\"", StringComparison.Ordinal));
        foreach (var key in new[] { WriterKey, ReaderKey, SilencerKey, DiagnosticsKey })
        {
            Assert.DoesNotContain(lines, line => line.Contains(key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("events:delete", "HealthGateway:ApiKeys:0:Scopes: unknown scope 'events:delete'")]
    [InlineData(null, "HealthGateway:ApiKeys:0:Scopes: required")]
    public async Task AKeyWithAnUnknownOrNoScopeStopsTheStartWithOneLine(string? scope, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => new GatewaySettings()
            .Set("HealthGateway:ApiKeys:0:Name", "typo")
            .Set("HealthGateway:ApiKeys:0:Key", "some-key-123456")
            .Set("HealthGateway:ApiKeys:0:Scopes:0", scope)
            .StartAsync());

        Assert.Contains(expected, StartupErrors.Describe(error), StringComparison.Ordinal);
        Assert.DoesNotContain("some-key-123456", StartupErrors.Describe(error), StringComparison.Ordinal);
    }

    internal static GatewaySettings Keys() => new GatewaySettings()
        .Set("HealthGateway:ApiKeys:0:Name", "writer")
        .Set("HealthGateway:ApiKeys:0:Key", WriterKey)
        .Set("HealthGateway:ApiKeys:0:Scopes:0", "events:write")
        .Set("HealthGateway:ApiKeys:1:Name", "reader")
        .Set("HealthGateway:ApiKeys:1:Key", ReaderKey)
        .Set("HealthGateway:ApiKeys:1:Scopes:0", "events:read-any")
        .Set("HealthGateway:ApiKeys:2:Name", "silencer")
        .Set("HealthGateway:ApiKeys:2:Key", SilencerKey)
        .Set("HealthGateway:ApiKeys:2:Scopes:0", "silences:write")
        .Set("HealthGateway:ApiKeys:3:Name", "diagnostics")
        .Set("HealthGateway:ApiKeys:3:Key", DiagnosticsKey)
        .Set("HealthGateway:ApiKeys:3:Scopes:0", "diagnostics");

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost gateway, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Api-Key", key);
        return await gateway.Client.SendAsync(request);
    }
}
