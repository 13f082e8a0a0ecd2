using HealthGateway.Api.Silences;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Checks.Pipeline.Snapshots;
using HealthGateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Api.Tests.Silences;

public sealed class SilenceEndpointTests
{
    [Fact]
    public async Task ASilenceIsCreatedListedShownInReadinessAndDeleted()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("cache", "tcp", $"127.0.0.1:{target.Port}")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "cache"));

        var before = DateTimeOffset.UtcNow;
        var (status, created) = await gateway.CreateSilenceAsync(new { services = new[] { "api" }, duration = "00:30:00", reason = "database upgrade" });
        Assert.Equal(201, status);
        var id = created.GetProperty("id").GetString()!;
        var until = created.GetProperty("until").GetDateTimeOffset();
        Assert.InRange(until, before.AddMinutes(30), DateTimeOffset.UtcNow.AddMinutes(30));

        var listed = Assert.Single(await gateway.ListSilencesAsync());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal(["api"], listed.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("database upgrade", listed.GetProperty("reason").GetString());
        Assert.True(listed.GetProperty("gate").GetBoolean());

        // Still checked, still gating: only the entry says it is silenced.
        var (readyStatus, ready) = await gateway.GetJsonAsync("/health/ready");
        Assert.Equal(200, readyStatus);
        var silenced = ready.Silenced("api")!.Value;
        Assert.Equal(id, silenced.GetProperty("id").GetString());
        Assert.Equal(until, silenced.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("database upgrade", silenced.GetProperty("reason").GetString());
        Assert.Null(ready.Silenced("cache"));
        Assert.Contains("api", ready.Strings("criticalServices"));

        Assert.Equal(204, (await gateway.DeleteSilenceAsync(id)).Status);
        Assert.Empty(await gateway.ListSilencesAsync());
        Assert.Null((await gateway.GetJsonAsync("/health/ready")).Body.Silenced("api"));

        var (again, problem) = await gateway.DeleteSilenceAsync(id);
        Assert.Equal(404, again);
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATagSilencesEveryServiceCarryingIt()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/ok")
            .Service("cache", "tcp", $"127.0.0.1:{target.Port}", fields: ("Tags:0", "storage"))
            .Service("queue", "tcp", $"127.0.0.1:{target.Port}", fields: ("Tags:0", "storage"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("api", "cache", "queue"));

        Assert.Equal(201, (await gateway.CreateSilenceAsync(new { tags = new[] { "storage" }, duration = "01:00:00", reason = "disk swap" })).Status);

        var (_, ready) = await gateway.GetJsonAsync("/health/ready");
        Assert.NotNull(ready.Silenced("cache"));
        Assert.NotNull(ready.Silenced("queue"));
        Assert.Null(ready.Silenced("api"));
    }

    [Theory]
    [InlineData("""{"services": ["nope"], "duration": "00:30:00", "reason": "x"}""", "unknown service 'nope'; known services: api")]
    [InlineData("""{"tags": ["nope"], "duration": "00:30:00", "reason": "x"}""", "no service has the tag 'nope'")]
    [InlineData("""{"services": ["\u001b[2Jx"], "duration": "00:30:00", "reason": "x"}""", "unknown service '\\u001b[2Jx'")]
    [InlineData("""{"duration": "00:30:00", "reason": "x"}""", "name at least one service")]
    [InlineData("""{"services": ["api"], "reason": "x"}""", "'duration' is required")]
    [InlineData("""{"services": ["api"], "duration": "00:00:00", "reason": "x"}""", "must be more than zero")]
    [InlineData("""{"services": ["api"], "duration": "-00:10:00", "reason": "x"}""", "must be more than zero")]
    [InlineData("""{"services": ["api"], "duration": "1.00:00:01", "reason": "x"}""", "at most 24 hours")]
    [InlineData("""{"services": ["api"], "duration": "half an hour", "reason": "x"}""", "must be a time span")]
    [InlineData("""{"services": ["api"], "duration": "90", "reason": "x"}""", "must be a time span: hh:mm:ss, d.hh:mm:ss, or a whole number with s, m, h or d such as 90m, 2h, 1d (got '90')")]
    [InlineData("""{"services": ["api"], "duration": "25h", "reason": "x"}""", "at most 24 hours")]
    [InlineData("""{"services": ["api"], "duration": "24:00:01", "reason": "x"}""", "at most 24 hours")]
    [InlineData("""{"services": ["api"], "duration": "00:30:00"}""", "'reason' is required")]
    [InlineData("""{"services": ["api"], "duration": "00:30:00", "reason": "x",""", "not a JSON silence")]
    [InlineData("""{"services": "api", "duration": "00:30:00", "reason": "x"}""", "not a JSON silence")]
    [InlineData("""[1, 2]""", "not a JSON silence")]
    [InlineData("""null""", "the body is empty")]
    public async Task ABadSilenceIsA400ThatSaysWhy(string body, string expected)
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        var (status, problem) = await gateway.PostSilenceRawAsync(body);

        Assert.Equal(400, status);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await gateway.ListSilencesAsync());
    }

    [Fact]
    public async Task CreatingAndEndingASilenceNeedTheApiKeyWhenOneIsConfigured()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("HealthGateway:ApiKey", "operator-key")
            .StartAsync();
        var body = new { services = new[] { "api" }, duration = "00:10:00", reason = "maintenance" };

        Assert.Equal(401, (await gateway.CreateSilenceAsync(body)).Status);
        Assert.Equal(401, (await gateway.CreateSilenceAsync(body, apiKey: "wrong")).Status);
        Assert.Empty(await gateway.ListSilencesAsync());

        var (status, created) = await gateway.CreateSilenceAsync(body, apiKey: "operator-key");
        Assert.Equal(201, status);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(401, (await gateway.DeleteSilenceAsync(id)).Status);
        Assert.Single(await gateway.ListSilencesAsync());
        Assert.Equal(204, (await gateway.DeleteSilenceAsync(id, apiKey: "operator-key")).Status);
    }

    [Fact]
    public async Task ASilenceEndsByItselfAtItsUntil()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "http", $"{target.BaseUrl}/ok")
            .StartAsync(services => services.AddSingleton(sp => new ActiveSilences(sp.GetRequiredService<ServiceCatalog>(), clock)));
        await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));

        var (_, created) = await gateway.CreateSilenceAsync(new { services = new[] { "api" }, duration = "00:30:00", reason = "upgrade" });
        Assert.Equal(clock.GetUtcNow().AddMinutes(30), created.GetProperty("until").GetDateTimeOffset());

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await gateway.ListSilencesAsync());
        Assert.NotNull((await gateway.GetJsonAsync("/health/ready")).Body.Silenced("api"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await gateway.ListSilencesAsync());
        Assert.Null((await gateway.GetJsonAsync("/health/ready")).Body.Silenced("api"));
        Assert.Equal(404, (await gateway.DeleteSilenceAsync(created.GetProperty("id").GetString()!)).Status);
    }
}
