using System.Text;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Api.Tests.Notifications;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>
/// The backplane where it can go wrong: events whose JSON grows when re-encoded, a connection that dies between
/// Redis delivering a PUBLISH and answering it, a Redis that refuses PUBLISH, and a Redis that hangs.
/// </summary>
public sealed class BackplaneFaultTests
{
    [Theory]
    [InlineData("<", 20_060)] // the default JSON encoder would write each as \u003C: six times the size
    [InlineData("é", 40_000)] // likewise \u00E9 for each two bytes of UTF-8
    [InlineData("😀", 30_000)] // even the relaxed encoder writes each as \uD83D\uDE00: three times the size
    public async Task AnEventUnderTheLimitIsAcceptedWithTheBackplaneWhateverCharactersItsDataHolds(string character, int bodyBytes)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(a, "u1");
        var (body, text) = BodyOfSize(bodyBytes, "u1", "big", character);

        var (status, accepted) = await a.PostRawEventAsync(body);

        Assert.Equal(202, status);
        Assert.Equal("backplane", accepted.GetProperty("route").GetString());
        Assert.True(accepted.GetProperty("delivered").GetBoolean());
        var received = await client.ReceiveEventAsync();
        Assert.Equal("big", received.RunId);
        Assert.Equal(text, received.Data.GetProperty("x").GetString());
    }

    [Fact]
    public async Task AnEventTooLargeForTheBackplaneIsBadRequestNotAServerError()
    {
        // Ids of characters outside the BMP are escaped on the way to Redis (4 bytes become 12): with 64 of them in
        // both user and runId, a body of 64 KiB needs more than the 1 KiB of room a backplane message has.
        var ids = string.Concat(Enumerable.Repeat("😀", 64));
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.StartAsync(redis.ConnectionString);
        await a.WaitUntilSubscribedAsync();
        var (body, _) = BodyOfSize(65_536, ids, ids, "x");

        var (status, problem) = await a.PostRawEventAsync(body);

        Assert.Equal(400, status);
        Assert.Equal("Event too large", problem.GetProperty("title").GetString());
        Assert.Contains("at most 66560 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The replica goes on as before.
        Assert.Equal(202, (await a.PostEventAsync(new { user = "u1", type = "agent_started" })).Status);
    }

    [Fact]
    public async Task AHungRedisShowsTheBackplaneDegradedNamingItsTarget()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await Replicas.Settings(redis.ConnectionString)
            .Set("HealthGateway:Backplane:PublishTimeout", "00:00:01")
            .Set("HealthGateway:DefaultTimeout", "00:00:08")
            .StartAsync();
        await a.WaitUntilSubscribedAsync();

        redis.Freeze();
        try
        {
            var hung = await a.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryStatus("backplane") != "Healthy");

            Assert.Equal("Degraded", hung.EntryStatus("backplane"));
            Assert.Contains($"127.0.0.1:{redis.Port}", hung.EntryDescription("backplane"), StringComparison.Ordinal);
            Assert.Contains("timed out", hung.EntryDescription("backplane"), StringComparison.Ordinal);
            Assert.Equal(200, (await a.GetJsonAsync("/health/ready")).Status);
        }
        finally
        {
            redis.Thaw();
        }
    }

    /// <summary>A raw body of exactly <paramref name="bytes"/> bytes whose data.x is <paramref name="character"/> repeated.</summary>
    private static (string Body, string Text) BodyOfSize(int bytes, string user, string runId, string character)
    {
        string Body(string text) => $$$"""{"user":"{{{user}}}","type":"agent_thinking","runId":"{{{runId}}}","data":{"x":"{{{text}}}"}}""";
        var room = bytes - Encoding.UTF8.GetByteCount(Body(""));
        var perCharacter = Encoding.UTF8.GetByteCount(character);
        var text = string.Concat(Enumerable.Repeat(character, room / perCharacter)) + new string('.', room % perCharacter);
        var body = Body(text);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(body));
        return (body, text);
    }
}
