using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// The one check a kind created for a service (<see cref="IServiceKind.Create"/>), and what it owns: its connection
/// pool, HTTP handler or token source. The gateway runs <see cref="Check"/> for the service's whole life and disposes
/// this when a reload removes or replaces the service, or when the gateway stops; that lets go of the connections.
/// </summary>
public sealed class OwnedCheck : IAsyncDisposable
{
    private readonly object?[] _owned;
    private int _disposed;

    /// <summary>A check owning <paramref name="owned"/> (each <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>, or null), disposed in reverse order.</summary>
    public OwnedCheck(IHealthCheck check, params object?[] owned)
    {
        Check = check;
        _owned = owned;
    }

    /// <summary>The check the poller runs.</summary>
    public IHealthCheck Check { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (var i = _owned.Length - 1; i >= 0; i--)
        {
            switch (_owned[i])
            {
                case IAsyncDisposable asynchronous:
                    await asynchronous.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
