using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Tests.Notifications;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Tests.Diagnostics;

public sealed class NotifierHealthCheckTests
{
    [Fact]
    public async Task NotifierCheckIsRegisteredAsANonCriticalDiagnosticsCheck()
    {
        await using var host = await NotificationTestHost.StartAsync();

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        var notifier = Assert.Single(registrations, registration => registration.Name == "notifier");
        Assert.Equal(HealthStatus.Unhealthy, notifier.FailureStatus);
        Assert.Equal(["diagnostics"], notifier.Tags);
    }

    [Fact]
    public async Task NotifierCheckIsHealthyAndSaysHowFastTheFiveEventsArrived()
    {
        // A generous budget (5 s per step): a cold first connect on a loaded machine is not what this test is about.
        await using var host = await NotificationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:HealthCheckBudget"] = "00:00:25",
        });

        var entry = await RunNotifierCheckAsync(host);

        Assert.True(entry.Status == HealthStatus.Healthy, entry.Description);
        Assert.Matches(@"^5 events in order in \d+(\.\d+)? (ms|s)$", entry.Description);
    }

    [Fact]
    public async Task NotifierCheckNamesTheEventThatDidNotArrive()
    {
        await using var host = await NotifierDiagnosticsTests.StartTamperedAsync(AgentEventTypes.ToolExecuting, Tampering.Drop);

        var entry = await RunNotifierCheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("tool_executing not received within 1 s", entry.Description);
    }

    private static async Task<HealthReportEntry> RunNotifierCheckAsync(NotificationTestHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == "notifier");
        return report.Entries["notifier"];
    }
}
