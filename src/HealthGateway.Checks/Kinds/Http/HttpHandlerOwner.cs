namespace HealthGateway.Checks.Kinds.Http;

/// <summary>
/// Owns the primary handlers of one service's HttpClient, so disposing the service's container closes its
/// connections at once. The client factory never disposes a handler it built before the handler's lifetime ends
/// (minutes later), and its expiry timer keeps the handler, its pooled sockets and the whole container alive till then:
/// under reload churn those pile up by the thousand.
/// </summary>
internal sealed class HttpHandlerOwner : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<HttpMessageHandler> _handlers = [];
    private bool _disposed;

    /// <summary>Takes <paramref name="handler"/> in; disposed at once if the owner already is.</summary>
    public T Own<T>(T handler)
        where T : HttpMessageHandler
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _handlers.Add(handler);
                return handler;
            }
        }

        handler.Dispose();
        return handler;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        HttpMessageHandler[] handlers;
        lock (_gate)
        {
            _disposed = true;
            handlers = [.. _handlers];
            _handlers.Clear();
        }

        foreach (var handler in handlers)
        {
            handler.Dispose();
        }
    }
}
