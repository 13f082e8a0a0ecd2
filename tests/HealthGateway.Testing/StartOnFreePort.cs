namespace HealthGateway.Testing;

/// <summary>What StartAsync means for every server fixture that picks its own port: a free one, and a new one if it was taken.</summary>
internal static class StartOnFreePort
{
    private const int Attempts = 3;

    /// <summary>
    /// Creates the server for a free port and launches it; when another process took the port between
    /// <see cref="FreePort.Get"/> and the bind (<see cref="PortTakenException"/>), again on a new one, three tries in all.
    /// </summary>
    public static async Task<T> StartAsync<T>(Func<int, T> create, Func<T, Task> launch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = create(FreePort.Get());
            try
            {
                await launch(server);
                return server;
            }
            catch (PortTakenException) when (attempt < Attempts)
            {
                // Taken meanwhile: try a new one.
            }
        }
    }
}
