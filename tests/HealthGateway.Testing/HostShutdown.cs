using Microsoft.AspNetCore.Builder;

namespace HealthGateway.Testing;

/// <summary>How every in-process server fixture ends its Kestrel host: a bounded graceful stop, then disposal.</summary>
internal static class HostShutdown
{
    public static async Task StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Connections left after the timeout are aborted by DisposeAsync below.
        }

        await app.DisposeAsync();
    }
}
