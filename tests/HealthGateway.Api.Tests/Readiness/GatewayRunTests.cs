using HealthGateway.Api.Hosting;
using Microsoft.Extensions.Hosting;

namespace HealthGateway.Api.Tests.Readiness;

public sealed class GatewayRunTests
{
    [Fact]
    public async Task AFailedBackgroundServiceStopsTheGatewayWithANonZeroExitCode()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthGateway:Notifications:HealthCheckEnabled"] = "false",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddHealthGateway();
        builder.Services.AddHostedService<FailingService>();
        var app = builder.Build();
        app.MapHealthGateway();

        var exitCode = await app.RunGatewayAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(GatewayRun.BackgroundFailureExitCode, exitCode);
    }

    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(200, stoppingToken);
            throw new InvalidOperationException("a background service failed");
        }
    }
}
