namespace HealthGateway.Api.Hosting;

/// <summary>Runs the server and turns how it ended into the process's exit code.</summary>
public static class GatewayRun
{
    /// <summary>The exit code when the host stopped because a background service failed.</summary>
    public const int BackgroundFailureExitCode = 1;

    /// <summary>
    /// Runs until shutdown. A background service that fails stops the host (the framework's default), but the
    /// run itself returns normally; a supervisor told "exit 0" would not restart it, so that case exits 1.
    /// </summary>
    public static async Task<int> RunGatewayAsync(this WebApplication app)
    {
        // Taken before the run: RunAsync disposes the service provider when it returns.
        var backgroundServices = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        await app.RunAsync();
        return backgroundServices.Any(service => service.ExecuteTask is { IsFaulted: true }) ? BackgroundFailureExitCode : 0;
    }
}
