using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Backplane;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>Exactly one of the two ways an own event can be delivered (its copy, or the publisher after PUBLISH failed) does.</summary>
public sealed class OwnEventClaimsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ACopyThatCameBeforePublishFailedIsTheOneDeliveryAndThePublisherLearnsIt()
    {
        using var claims = new OwnEventClaims(_time);
        var echo = claims.Expect(1);

        Assert.True(claims.ClaimForCopy(1, out var waiter));
        Assert.NotNull(waiter);
        Assert.False(claims.ClaimForDirectDelivery(1));

        waiter.TrySetResult(new DeliveryResult(true, 1));
        Assert.True(echo.IsCompletedSuccessfully);
        Assert.Equal(0, claims.DeliveredDirectlyCount);
    }

    [Fact]
    public void ACopyThatComesAfterThePublisherDeliveredTheEventIsSkippedAndForgotten()
    {
        using var claims = new OwnEventClaims(_time);
        _ = claims.Expect(1);

        Assert.True(claims.ClaimForDirectDelivery(1));
        claims.Forget(1);
        Assert.Equal(1, claims.DeliveredDirectlyCount);

        Assert.False(claims.ClaimForCopy(1, out var waiter));
        Assert.Null(waiter);
        Assert.Equal(0, claims.DeliveredDirectlyCount);
    }

    [Fact]
    public void ACopyThatComesAfterThePublisherStoppedWaitingIsDeliveredLate()
    {
        using var claims = new OwnEventClaims(_time);
        _ = claims.Expect(1);
        claims.Forget(1);

        Assert.True(claims.ClaimForCopy(1, out var waiter));
        Assert.Null(waiter);
    }

    [Fact]
    public void AnEventRedisRefusedIsNotRemembered()
    {
        using var claims = new OwnEventClaims(_time);
        _ = claims.Expect(1);

        Assert.True(claims.ClaimUnpublished(1));
        claims.Forget(1);

        Assert.Equal(0, claims.DeliveredDirectlyCount);
        Assert.Equal(0, claims.PendingCount);
    }

    [Fact]
    public void EventsWhoseCopyNeverComesAreForgottenAfterAMinuteWithoutAnyMorePublishing()
    {
        using var claims = new OwnEventClaims(_time);
        for (var id = 1; id <= 3; id++)
        {
            _ = claims.Expect(id);
            Assert.True(claims.ClaimForDirectDelivery(id));
            claims.Forget(id);
        }

        _time.Advance(OwnEventClaims.PruneEvery);
        Assert.Equal(3, claims.DeliveredDirectlyCount);

        _time.Advance(OwnEventClaims.RememberFor);
        Assert.Equal(0, claims.DeliveredDirectlyCount);
    }

    [Fact]
    public async Task RacingACopyAgainstAFailedPublishDeliversEachEventExactlyOnce()
    {
        const int count = 200_000;
        using var claims = new OwnEventClaims(_time);
        for (var id = 0; id < count; id++)
        {
            _ = claims.Expect(id);
        }

        var byCopy = new bool[count];
        var byPublisher = new bool[count];
        using var start = new Barrier(2);
        var copies = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var id = 0; id < count; id++)
            {
                byCopy[id] = claims.ClaimForCopy(id, out _);
            }
        });
        var publishers = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var id = 0; id < count; id++)
            {
                byPublisher[id] = claims.ClaimForDirectDelivery(id);
            }
        });
        await Task.WhenAll(copies, publishers);

        var twiceOrNever = Enumerable.Range(0, count).Where(id => byCopy[id] == byPublisher[id]).Take(10).ToList();
        Assert.Empty(twiceOrNever);
        Assert.Equal(0, claims.PendingCount);
        Assert.Equal(0, claims.DeliveredDirectlyCount);
    }
}
