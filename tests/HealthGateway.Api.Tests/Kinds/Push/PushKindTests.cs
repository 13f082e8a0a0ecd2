using System.Net;
using System.Text;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Kinds.Push;

/// <summary>The <c>push</c> (heartbeat) kind through a real gateway: jobs POST /heartbeat/{service} over real HTTP.</summary>
public sealed class PushKindTests
{
    private const string Token = "Hb-t0ken-s3cret";

    [Fact]
    public async Task AServiceIsPendingUntilItsFirstHeartbeatThenHealthy()
    {
        await using var gateway = await StartAsync();
        var (_, before) = await gateway.GetJsonAsync("/health/ready");
        Assert.False(before.HasEntry("nightly"));
        Assert.Contains("nightly", before.Strings("pendingServices"));

        using var response = await PostAsync(gateway, "/heartbeat/nightly", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("nightly"));
        Assert.Equal("Healthy", body.EntryStatus("nightly"));
        Assert.StartsWith("heartbeat 0 s ago (at ", body.EntryDescription("nightly"));
    }

    [Fact]
    public async Task AWrongOrMissingTokenIs401AndNotCounted()
    {
        await using var gateway = await StartAsync();
        using var wrong = await PostAsync(gateway, "/heartbeat/nightly", "not-the-token");
        using var missing = await PostAsync(gateway, "/heartbeat/nightly", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);

        var (_, body) = await gateway.GetJsonAsync("/health/ready");
        Assert.False(body.HasEntry("nightly"));
        Assert.Contains("nightly", body.Strings("pendingServices"));
    }

    [Fact]
    public async Task TheTokenMayComeInTheQueryAndAServiceWithoutTokenTakesAny()
    {
        await using var gateway = await StartAsync();
        using var query = await PostAsync(gateway, $"/heartbeat/nightly?token={Token}", token: null);
        using var open = await PostAsync(gateway, "/heartbeat/open", token: null);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("nightly", "open"));
        Assert.Equal("Healthy", body.EntryStatus("open"));
    }

    [Fact]
    public async Task AFailureReportedInTheBodyIsUnhealthyWithItsMessage()
    {
        await using var gateway = await StartAsync();
        using var response = await PostAsync(gateway, "/heartbeat/nightly", Token, """{"status":"fail","message":"disk full"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("nightly"));
        Assert.Equal("Unhealthy", body.EntryStatus("nightly"));
        Assert.StartsWith("the job reported a failure: disk full (at ", body.EntryDescription("nightly"));
    }

    [Fact]
    public async Task ControlCharactersInAReportedMessageAreShownAsEscapes()
    {
        await using var gateway = await StartAsync();
        using var response = await PostAsync(gateway, "/heartbeat/nightly", Token, """{"status":"fail","message":"disk\u0007 full\u001b[2J"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("nightly"));
        Assert.StartsWith("the job reported a failure: disk\\u0007 full\\u001b[2J (at ", body.EntryDescription("nightly"));
    }

    [Fact]
    public async Task NoHeartbeatWithinTheWindowIsUnhealthyAndSaysWhenTheLastCame()
    {
        await using var gateway = await StartAsync();
        using var response = await PostAsync(gateway, "/heartbeat/short", token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Within is 1 s and the poll 200 ms: a generous wait for the window to pass.
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("short") && b.EntryStatus("short") == "Unhealthy", TimeSpan.FromSeconds(15));
        Assert.Matches(@"^no heartbeat for \d+ s \(last at \d\d:\d\d:\d\dZ\), expected within 1 s$", body.EntryDescription("short"));
    }

    [Theory]
    [InlineData("/heartbeat/nope", HttpStatusCode.NotFound)]
    [InlineData("/heartbeat/ready_api", HttpStatusCode.NotFound)]
    public async Task AnUnknownOrNonPushServiceIs404(string path, HttpStatusCode expected)
    {
        await using var gateway = await StartAsync();
        using var response = await PostAsync(gateway, path, Token);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ABadBodyIs400AndNotCounted()
    {
        await using var gateway = await StartAsync();
        using var response = await PostAsync(gateway, "/heartbeat/open", token: null, """{"status":"maybe"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, body) = await gateway.GetJsonAsync("/health/ready");
        Assert.False(body.HasEntry("open"));
    }

    [Fact]
    public async Task TheTokenAppearsNowhere()
    {
        await using var gateway = await StartAsync();
        using var wrong = await PostAsync(gateway, "/heartbeat/nightly?token=Wr0ng-hb-token", token: null);
        using var right = await PostAsync(gateway, $"/heartbeat/nightly?token={Token}", token: null);
        await gateway.WaitForReadinessAsync(b => b.HasEntry("nightly"));
        var shown = await SecretLeaks.EverythingShownAsync(gateway, "nightly");
        Assert.DoesNotContain(Token, shown);
        Assert.DoesNotContain("Wr0ng-hb-token", shown);
    }

    [Fact]
    public async Task AMissingWithinStopsStartUpNamingServiceAndField()
    {
        var settings = new GatewaySettings().Set("HealthGateway:Services:job:Kind", "push");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => settings.StartAsync());
        Assert.Contains("HealthGateway:Services:job:Within: missing", error.Message);
    }

    private static Task<GatewayHost> StartAsync() =>
        new GatewaySettings()
            .Service("nightly", "push", "00:10:00", critical: true, fields: ("Token", Token))
            .Service("open", "push", "00:10:00")
            .Service("short", "push", "00:00:01")
            .Service("ready_api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

    private static Task<HttpResponseMessage> PostAsync(GatewayHost gateway, string path, string? token, string? json = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Heartbeat-Token", token);
        }

        return gateway.Client.SendAsync(request);
    }
}
