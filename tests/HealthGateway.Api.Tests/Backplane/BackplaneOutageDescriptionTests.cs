using System.Diagnostics;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>
/// What the <c>backplane</c> entry says while Redis is frozen, after it thaws, and while its port refuses: always
/// Degraded (never Unhealthy), within the backplane's own budget, naming host:port, in plain words, and the cause
/// that holds now.
/// </summary>
public sealed class BackplaneOutageDescriptionTests
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMilliseconds(800);

    // Generous: the bound is the feature, but two cores are shared by many test processes.
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task WhileRedisIsFrozenTheBackplaneIsDegradedNamingItsTargetWithinItsOwnBudget()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await StartAsync(redis.ConnectionString);
        await gateway.WaitUntilSubscribedAsync();

        redis.Freeze();
        try
        {
            // Long enough for the client to give the frozen connections up and try new ones.
            var samples = await SampleFreshAsync(gateway, TimeSpan.FromSeconds(9));

            Assert.Contains(samples, s => s.Status != "Healthy");
            foreach (var sample in samples.Where(s => s.Status != "Healthy"))
            {
                Assert.True(sample.Status == "Degraded", $"{sample.Status}: {sample.Description}");
                Assert.Contains($"127.0.0.1:{redis.Port}", sample.Description, StringComparison.Ordinal);
                Assert.DoesNotContain("()", sample.Description, StringComparison.Ordinal);
            }

            Assert.All(samples, s => Assert.True(s.Elapsed < s_publishTimeout + s_margin, $"?fresh=true took {s.Elapsed} ({s.Description})"));
        }
        finally
        {
            redis.Thaw();
        }
    }

    [Fact]
    public async Task AFrozenAndResumedRedisWithACorrectPasswordIsNeverCalledAnAuthenticationFailure()
    {
        await using var redis = await RedisServer.StartAsync(password: "right-pw-4711");
        await using var gateway = await StartAsync(redis.ConnectionString);
        await gateway.WaitUntilSubscribedAsync();

        // Sampled across the thaw: a diagnosis sent while Redis was frozen is answered the moment it resumes.
        redis.Freeze();
        var sampling = SampleFreshAsync(gateway, TimeSpan.FromSeconds(11));
        List<Sample> samples;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(7));
        }
        finally
        {
            redis.Thaw();
            samples = await sampling;
        }

        await gateway.WaitUntilSubscribedAsync();

        Assert.Contains(samples, s => s.Status != "Healthy");
        Assert.All(samples, s => Assert.DoesNotContain("authentication", s.Description, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(gateway.Logs.RenderedLines(), line => line.Contains("authentication", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WhileThePortRefusesTheBackplaneSaysConnectionRefusedInPlainWords()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await StartAsync(redis.ConnectionString);
        await gateway.WaitUntilSubscribedAsync();

        await redis.StopAsync();
        await gateway.WaitForReadinessAsync(body => body.HasEntry("backplane") && body.EntryStatus("backplane") != "Healthy");

        // Whatever it said at the moment the connections closed, from the first "refused" on the port refuses.
        await gateway.WaitForReadinessAsync(body => body.EntryDescription("backplane").Contains("connection refused", StringComparison.Ordinal));
        var samples = await SampleFreshAsync(gateway, TimeSpan.FromSeconds(3));
        Assert.All(samples, sample =>
        {
            Assert.Equal("Degraded", sample.Status);
            Assert.Contains($"connection refused (127.0.0.1:{redis.Port})", sample.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", sample.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("closed", sample.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("#", sample.Description, StringComparison.Ordinal);
        });
    }

    private static Task<GatewayHost> StartAsync(string connectionString) =>
        Replicas.Settings(connectionString)
            .Set("HealthGateway:Backplane:PublishTimeout", s_publishTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .Set("HealthGateway:DefaultTimeout", "00:00:05")
            .StartAsync();

    /// <summary>Asks for a fresh readiness report again and again for <paramref name="duration"/>; each backplane entry and how long the answer took.</summary>
    private static async Task<List<Sample>> SampleFreshAsync(GatewayHost gateway, TimeSpan duration)
    {
        var samples = new List<Sample>();
        var until = Stopwatch.StartNew();
        while (until.Elapsed < duration)
        {
            var watch = Stopwatch.StartNew();
            var (_, body) = await gateway.GetJsonAsync("/health/ready?fresh=true");
            watch.Stop();
            if (body.ValueKind == JsonValueKind.Object && body.HasEntry("backplane"))
            {
                samples.Add(new Sample(body.EntryStatus("backplane"), body.EntryDescription("backplane"), watch.Elapsed));
            }

            await Task.Delay(100);
        }

        return samples;
    }

    private sealed record Sample(string Status, string Description, TimeSpan Elapsed);
}
