using HealthGateway.Api.Hosting;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Readiness;

/// <summary>Readiness for the caller's own question: a subset, tags, exclusions and configured groups.</summary>
public sealed class CallerReadinessTests
{
    /// <summary>The backend (critical) refuses connections; "database" and "redis" answer.</summary>
    private static async Task<(TargetServer Target, GatewayHost Gateway)> BackendDownAsync(Func<GatewaySettings, GatewaySettings>? configure = null)
    {
        var target = await TargetServer.StartAsync();
        var settings = new GatewaySettings()
            .Service("backend_api", "http", $"http://127.0.0.1:{RefusedPort.Get()}/health", critical: true)
            .Service("database", "tcp", $"127.0.0.1:{target.Port}", fields: ("Tags:0", "storage"))
            .Service("redis", "http", $"{target.BaseUrl}/ok", fields: ("Tags:0", "storage"));
        var gateway = await (configure?.Invoke(settings) ?? settings).StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("backend_api", "database", "redis"));
        return (target, gateway);
    }

    [Fact]
    public async Task ASubsetOfUpServicesIsReadyWhileTheCriticalBackendIsDown()
    {
        var (target, gateway) = await BackendDownAsync();
        await using var _ = target;
        await using var __ = gateway;

        var (all, _) = await gateway.GetJsonAsync("/health/ready");
        var (status, body) = await gateway.GetJsonAsync("/health/ready?services=database,redis");

        Assert.Equal(503, all);
        Assert.Equal(200, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["database", "redis"], body.GetProperty("entries").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["database", "redis"], body.Strings("criticalServices").Order());
        Assert.Empty(body.Strings("unavailableServices"));
    }

    [Fact]
    public async Task ANamedServiceIsRequiredEvenWhenItIsNotCritical()
    {
        var (target, gateway) = await BackendDownAsync(s => s.Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}"));
        await using var _ = target;
        await using var __ = gateway;
        await gateway.WaitForReadinessAsync(b => b.HasEntry("cache"));

        var (status, body) = await gateway.GetJsonAsync("/health/ready?services=database&services=cache");

        Assert.Equal(503, status);
        Assert.Equal(["cache"], body.Strings("unavailableServices"));
        Assert.Equal(["cache", "database"], body.Strings("criticalServices").Order());
    }

    [Fact]
    public async Task AnUnknownServiceIsA400NamingIt()
    {
        var (target, gateway) = await BackendDownAsync();
        await using var _ = target;
        await using var __ = gateway;

        var (status, body) = await gateway.GetJsonAsync("/health/ready?services=database,rediss");

        Assert.Equal(400, status);
        Assert.Contains("unknown service 'rediss'", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TagsSelectAndExcludeRemovesEvenFromTheCriticalSet()
    {
        var (target, gateway) = await BackendDownAsync();
        await using var _ = target;
        await using var __ = gateway;

        var (byTag, tagged) = await gateway.GetJsonAsync("/health/ready?tags=storage");
        var (excluded, rest) = await gateway.GetJsonAsync("/health/ready?exclude=backend_api");
        var (unknownTag, _) = await gateway.GetJsonAsync("/health/ready?tags=storag");

        Assert.Equal(200, byTag);
        Assert.Equal(["database", "redis"], tagged.Strings("criticalServices").Order());
        Assert.Equal(200, excluded);
        Assert.False(rest.HasEntry("backend_api"));
        Assert.Equal(400, unknownTag);
    }

    [Fact]
    public async Task AGroupIsServedAtItsOwnPathWithTheSameRules()
    {
        var (target, gateway) = await BackendDownAsync(s => s
            .Set("HealthGateway:Groups:storage:0", "database")
            .Set("HealthGateway:Groups:storage:1", "redis")
            .Set("HealthGateway:Groups:api:0", "backend_api"));
        await using var _ = target;
        await using var __ = gateway;

        var (storage, body) = await gateway.GetJsonAsync("/health/ready/storage?fresh=true&wait=5");
        var (api, apiBody) = await gateway.GetJsonAsync("/health/ready/api");
        var (unknown, problem) = await gateway.GetJsonAsync("/health/ready/nope");

        Assert.Equal(200, storage);
        Assert.Equal(["database", "redis"], body.Strings("criticalServices").Order());
        Assert.Equal(503, api);
        Assert.Equal(["backend_api"], apiBody.Strings("unavailableServices"));
        Assert.Equal(404, unknown);
        Assert.Contains("known groups: api, storage", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/health/ready?services=backend_api&exclude=backend_api", "nothing left to check: exclude removed backend_api")]
    [InlineData("/health/ready?tags=storage&exclude=database,redis", "nothing left to check: exclude removed database, redis")]
    [InlineData("/health/ready/storage?exclude=database&exclude=redis", "nothing left to check: exclude removed database, redis")]
    [InlineData("/health/ready?exclude=backend_api,database,redis", "nothing left to check: exclude removed backend_api, database, redis")]
    [InlineData("/health/ready/offline", "nothing left to check: every member of group 'offline' is disabled (off)")]
    [InlineData("/health/ready/offline?wait=5", "nothing left to check: every member of group 'offline' is disabled (off)")]
    public async Task AnEmptySelectionIsA400NamingWhatEmptiedItNeverAVacuousHealthy(string path, string expected)
    {
        var (target, gateway) = await BackendDownAsync(s => s
            .Service("off", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true, fields: ("Enabled", "false"))
            .Set("HealthGateway:Groups:storage:0", "database")
            .Set("HealthGateway:Groups:storage:1", "redis")
            .Set("HealthGateway:Groups:offline:0", "off"));
        await using var _ = target;
        await using var __ = gateway;

        using var response = await gateway.Client.GetAsync(path);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(expected, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWaitOnASubsetAnswersAtOnceWhenTheSubsetIsReady()
    {
        var (target, gateway) = await BackendDownAsync();
        await using var _ = target;
        await using var __ = gateway;

        // Were the critical backend counted, this would be a 30 s wait ending in a 503.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (status, _) = await gateway.GetJsonAsync("/health/ready?services=redis&wait=30", timeout.Token);

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("HealthGateway:Groups:storage:0", "databse", "HealthGateway:Groups:storage: unknown service 'databse'")]
    [InlineData("HealthGateway:Services:api:DependsOn:0", "databse", "HealthGateway:Services:api:DependsOn: unknown service 'databse'")]
    [InlineData("HealthGateway:Services:api:DependsOn:0", "api", "HealthGateway:Services:api:DependsOn: dependency cycle api -> api")]
    [InlineData("HealthGateway:WaitPollInterval", "soon", "HealthGateway:WaitPollInterval: 'soon' is not a duration")]
    public async Task ABadGroupOrDependencyStopsStartUpWithOneLine(string key, string value, string expected)
    {
        var settings = new GatewaySettings().Service("api", "tcp", "127.0.0.1:1").Set(key, value);

        var exception = await Record.ExceptionAsync(() => settings.StartAsync());

        Assert.NotNull(exception);
        var line = StartupErrors.Describe(exception);
        Assert.True(line is not null, exception.ToString());
        Assert.Contains(expected, line);
        Assert.DoesNotContain('\n', line);
    }
}
