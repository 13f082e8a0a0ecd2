using Microsoft.AspNetCore.Http;

namespace HealthGateway.Api.Tests.Scale;

/// <summary>
/// A real Kestrel target on 127.0.0.1 whose <c>/hold/{ms}/{anything}</c> answers 200 after holding the request, and
/// which counts the requests it holds at once: what admission control is measured against.
/// </summary>
internal sealed class HoldingTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _served;

    private HoldingTarget(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The most requests held at the same time so far.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests answered so far.</summary>
    public int Served => Volatile.Read(ref _served);

    public static async Task<HoldingTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        var target = new HoldingTarget(app);
        app.MapGet("/hold/{ms:int}/{name}", async (int ms, HttpContext context) =>
        {
            var now = Interlocked.Increment(ref target._inFlight);
            var max = Volatile.Read(ref target._maxInFlight);
            while (now > max && Interlocked.CompareExchange(ref target._maxInFlight, now, max) != max)
            {
                max = Volatile.Read(ref target._maxInFlight);
            }

            try
            {
                await Task.Delay(ms, context.RequestAborted);
                Interlocked.Increment(ref target._served);
                return Results.Text("ok");
            }
            finally
            {
                Interlocked.Decrement(ref target._inFlight);
            }
        });
        await app.StartAsync();
        target.BaseUrl = app.Urls.First().TrimEnd('/');
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _app.DisposeAsync();
    }
}
