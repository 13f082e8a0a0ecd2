using HealthGateway.Api.CommandLine;
using HealthGateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>The remote wait's retries run on the injected clock: a fake one decides when it gives up.</summary>
public sealed class RemoteReadinessWaiterTests
{
    [Fact]
    public async Task AnUnreachableGatewayIsRetriedUntilTheTimeoutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var started = time.GetUtcNow();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var refused = new Uri($"http://127.0.0.1:{RefusedPort.Get()}");

        var waiting = new RemoteReadinessWaiter(refused, output, error, time).WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);

        // Each refusal is followed by a pause on the fake clock; moving it on lets the next try start, until
        // 20 fake seconds have passed. A wait on the real clock would need 20 real seconds, past the 15 s guard.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            return waiting.IsCompleted;
        }, "the wait gives up at its timeout on the fake clock", TimeSpan.FromSeconds(15));
        var exitCode = await waiting;

        Assert.Equal(ExitCodes.NotReady, exitCode);
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(20), $"gave up after {time.GetUtcNow() - started} of fake time");
        var lines = error.ToString();
        Assert.Contains($"waiting for the gateway at {refused}health/ready: Connection refused", lines, StringComparison.Ordinal);
        Assert.Contains("Timed out after 20 s.", lines, StringComparison.Ordinal);
        Assert.Contains($"Not ready: the gateway at {refused}health/ready did not answer ready: Connection refused", lines, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }
}
