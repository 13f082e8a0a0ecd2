using HealthGateway.Api.Backplane;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>The backplane's retry-forever pipeline (pure logic, on a fake clock): it never gives up, and backs off up to its cap.</summary>
public sealed class BackplaneRetryTests
{
    [Fact]
    public async Task ItRetriesPastAnyFixedCountWithDelaysDoublingUpToTheCap()
    {
        var clock = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var attempts = 0;
        var last = clock.GetUtcNow();
        var pipeline = BackplaneRetry.Forever<string?>(clock, static outcome => outcome.Result is null);

        var running = pipeline.ExecuteAsync(_ =>
        {
            var now = clock.GetUtcNow();
            if (attempts++ > 0)
            {
                delays.Add(now - last);
            }

            last = now;
            return ValueTask.FromResult(attempts > 40 ? "subscribed" : null);
        }, CancellationToken.None).AsTask();

        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.Equal("subscribed", await running);
        Assert.Equal(41, attempts);
        Assert.Equal(BackplaneRetry.FirstDelay, delays[0]);
        Assert.Equal(BackplaneRetry.FirstDelay * 2, delays[1]);
        Assert.All(delays, delay => Assert.InRange(delay, BackplaneRetry.FirstDelay, BackplaneRetry.MaxDelay));
        Assert.Equal(BackplaneRetry.MaxDelay, delays[^1]);
    }

    [Fact]
    public async Task StoppingEndsTheRetriesWithACancellation()
    {
        var clock = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var pipeline = BackplaneRetry.Forever<string?>(clock, static outcome => outcome.Exception is not null);
        var attempts = 0;

        var running = pipeline.ExecuteAsync<string?>(_ =>
        {
            attempts++;
            throw new InvalidOperationException("Redis client could not be created");
        }, stopping.Token).AsTask();
        clock.Advance(TimeSpan.FromSeconds(1));
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(attempts >= 1);
    }
}
