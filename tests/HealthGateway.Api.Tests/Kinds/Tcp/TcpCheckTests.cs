using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Tcp;

public sealed class TcpCheckTests
{
    [Fact]
    public async Task AListeningPortIsHealthyAndARefusedOneIsNot()
    {
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromSeconds(30))
            .Service("open", "tcp", $"tcp://127.0.0.1:{target.Port}")
            .Service("closed", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("open", "closed"));

        Assert.Equal("Healthy", body.EntryStatus("open"));
        Assert.StartsWith("TCP connect in ", body.EntryDescription("open"));
        Assert.Equal("Unhealthy", body.EntryStatus("closed"));
        Assert.StartsWith("connection refused (127.0.0.1:", body.EntryDescription("closed"));
    }
}
