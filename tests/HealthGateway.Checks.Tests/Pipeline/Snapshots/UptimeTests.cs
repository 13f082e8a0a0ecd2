using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Checks.Tests.Pipeline.Snapshots;

/// <summary>Uptime over the last hour, day and week, as pure logic on a fake clock.</summary>
public sealed class UptimeTests
{
    // On an hour boundary, so that the bucket-aligned windows are easy to reason about.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void HalfAnHourHealthyAndHalfAnHourDownIsFiftyPercentInEveryWindow()
    {
        var uptime = new UptimeRecorder();
        Every(uptime, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30), HealthStatus.Healthy);
        Every(uptime, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30), HealthStatus.Unhealthy);

        var shares = uptime.Read(_time.GetUtcNow());

        Assert.Equal(50, shares.LastHour!.Value, 1);
        Assert.Equal(50, shares.LastDay!.Value, 1);
        Assert.Equal(50, shares.LastWeek!.Value, 1);
    }

    [Fact]
    public void TheHourForgetsWhatTheDayAndWeekStillCount()
    {
        var uptime = new UptimeRecorder();
        Every(uptime, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), HealthStatus.Unhealthy);
        Every(uptime, TimeSpan.FromSeconds(30), TimeSpan.FromHours(2), HealthStatus.Healthy);

        var shares = uptime.Read(_time.GetUtcNow());

        Assert.Equal(100, shares.LastHour);
        Assert.Equal(66.667, shares.LastDay!.Value, 1);
        Assert.Equal(66.667, shares.LastWeek!.Value, 1);

        // A day later the outage has left the day's window, never the week's.
        Every(uptime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24), HealthStatus.Healthy);
        shares = uptime.Read(_time.GetUtcNow());
        Assert.Equal(100, shares.LastDay);
        Assert.Equal(96.296, shares.LastWeek!.Value, 1);
    }

    [Fact]
    public void DegradedIsNotHealthyAndTheTimeSinceTheLastResultCountsUnderItsStatus()
    {
        var uptime = new UptimeRecorder();
        uptime.Record(_time.GetUtcNow(), HealthStatus.Healthy, pending: false);
        _time.Advance(TimeSpan.FromMinutes(15));
        uptime.Record(_time.GetUtcNow(), HealthStatus.Degraded, pending: false);
        _time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(50, uptime.Read(_time.GetUtcNow()).LastHour!.Value, 1);
    }

    [Fact]
    public void NothingObservedIsNullAndPendingTimeIsNotCounted()
    {
        var uptime = new UptimeRecorder();
        Assert.Equal(new ServiceUptime(null, null, null), uptime.Read(_time.GetUtcNow()));

        uptime.Record(_time.GetUtcNow(), HealthStatus.Unhealthy, pending: true);
        _time.Advance(TimeSpan.FromMinutes(20));
        uptime.Record(_time.GetUtcNow(), HealthStatus.Healthy, pending: false);
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(100, uptime.Read(_time.GetUtcNow()).LastHour);
    }

    [Fact]
    public void AResultOlderThanTheLastIsIgnoredAndAGapLongerThanAWeekIsBounded()
    {
        var uptime = new UptimeRecorder();
        uptime.Record(_time.GetUtcNow(), HealthStatus.Healthy, pending: false);
        _time.Advance(TimeSpan.FromMinutes(10));
        uptime.Record(_time.GetUtcNow(), HealthStatus.Healthy, pending: false);
        uptime.Record(_time.GetUtcNow() - TimeSpan.FromMinutes(5), HealthStatus.Unhealthy, pending: false);
        Assert.Equal(100, uptime.Read(_time.GetUtcNow()).LastHour);

        _time.Advance(TimeSpan.FromDays(30));
        uptime.Record(_time.GetUtcNow(), HealthStatus.Unhealthy, pending: false);
        _time.Advance(TimeSpan.FromMinutes(30));
        var shares = uptime.Read(_time.GetUtcNow());
        Assert.Equal(50, shares.LastHour!.Value, 1);
        Assert.True(shares.LastWeek > 99, $"{shares}");
    }

    [Fact]
    public void AServiceHoldsAtMost4KilobytesOfUptimeHoweverManyResults()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var uptime = new UptimeRecorder();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= 4096, $"{allocated} bytes");
        Assert.Equal(1866, uptime.PayloadBytes);

        before = GC.GetAllocatedBytesForCurrentThread();
        Every(uptime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(8), HealthStatus.Healthy);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private void Every(UptimeRecorder uptime, TimeSpan interval, TimeSpan during, HealthStatus status)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < during; elapsed += interval)
        {
            uptime.Record(_time.GetUtcNow(), status, pending: false);
            _time.Advance(interval);
        }
    }
}
