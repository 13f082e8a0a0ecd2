using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// Counts the long-poll readiness requests (<c>/health/ready?wait=…</c>) a gateway receives, as they arrive:
/// lets a test act while a client's long poll is in flight, and see how many requests a wait took.
/// </summary>
internal sealed class ReadinessRequestCounter : IStartupFilter
{
    private int _longPolls;

    public int LongPolls => Volatile.Read(ref _longPolls);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path.StartsWithSegments("/health/ready") && context.Request.Query.ContainsKey("wait"))
            {
                Interlocked.Increment(ref _longPolls);
            }

            await nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>Waits (bounded) until at least one long poll has arrived.</summary>
    public Task WaitForLongPollAsync(TimeSpan within) =>
        Eventually.TrueAsync(() => LongPolls > 0, "a long-poll readiness request arrives", within);
}
