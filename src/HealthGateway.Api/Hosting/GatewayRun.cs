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
        // Read before the run: a failed run disposes the app, and with it what would say where it listens.
        var addresses = app.Configuration["urls"] is { Length: > 0 } urls ? urls : "the configured address";
        try
        {
            await app.RunAsync();
        }
        catch (System.Net.Sockets.SocketException exception) when (exception.SocketErrorCode is System.Net.Sockets.SocketError.AccessDenied
                                                                       or System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            // Kestrel names the address when it is in use but not when binding it is denied: name it here, so the
            // one line says which setting to change.
            throw new IOException($"Failed to bind to address {addresses}.", exception);
        }

        return backgroundServices.Any(service => service.ExecuteTask is { IsFaulted: true }) ? BackgroundFailureExitCode : 0;
    }
}
