namespace HealthGateway.Api.Tests.Notifications;

/// <summary>Waits for a condition that the server reaches asynchronously (e.g. cleaning up a lost connection).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestWebSocketClient.Generous);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(20);
        }
    }
}
