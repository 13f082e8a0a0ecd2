namespace HealthGateway.Testing;

/// <summary>What StartAgainAsync means for every server fixture: launch again on the port it had, or say why not.</summary>
internal static class RestartOnSamePort
{
    public static async Task StartAgainAsync(string serverName, int port, bool running, Func<CancellationToken, Task> launch, CancellationToken ct)
    {
        if (running)
        {
            throw new InvalidOperationException($"{serverName} is already running; call StopAsync first.");
        }

        try
        {
            await launch(ct);
        }
        catch (PortTakenException ex)
        {
            throw new InvalidOperationException($"Port {port} was taken by another process while {serverName} was stopped.", ex);
        }
    }
}
