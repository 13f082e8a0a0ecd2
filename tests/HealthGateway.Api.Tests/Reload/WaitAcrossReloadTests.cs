using System.Text.Json;
using HealthGateway.Testing;
using static HealthGateway.Api.Tests.Reload.ReloadingGateway;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>A <c>?wait=</c> on a service that a reload takes away answers then, not when its wait runs out.</summary>
public sealed class WaitAcrossReloadTests : ReloadTestBase
{
    [Fact]
    public async Task WaitersOnAServiceARenameRemovesAnswer409NamingTheReload()
    {
        var down = $"http://127.0.0.1:{RefusedPort.Get()}/health";
        var path = Path.Combine(SettingsFolder.FullName, "appsettings.json");
        await using var gateway = await StartAsync(SettingsFolder.FullName, Settings([("churn", Http(down, critical: true)), ("steady", Http(Target.BaseUrl + "/ok"))]));
        await gateway.WaitForReadinessAsync(body => Status(body, "churn") == "Unhealthy", "churn is checked");

        var waiters = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await gateway.Client.GetAsync("/health/ready?services=churn&wait=15");
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }).ToList();

        // Every waiter is waiting (none answers while churn is down) before the rename.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(waiters, w => w.IsCompleted);
        Write(path, Settings([("churn_renamed", Http(down, critical: true)), ("steady", Http(Target.BaseUrl + "/ok"))]));

        foreach (var (status, mediaType, text) in await Task.WhenAll(waiters))
        {
            Assert.True(status == 409, $"HTTP {status}: {text}");
            Assert.Contains("json", mediaType, StringComparison.Ordinal);
            Assert.Equal("churn was removed by a configuration reload", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        }

        // A new question about the same name is the ordinary unknown service.
        using var after = await gateway.Client.GetAsync("/health/ready?services=churn&wait=1");
        Assert.Equal(400, (int)after.StatusCode);
    }
}
