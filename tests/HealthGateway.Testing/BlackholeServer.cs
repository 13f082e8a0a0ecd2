namespace HealthGateway.Testing;

/// <summary>
/// Accepts TCP connections and never reads or writes: the client connects at once and then waits forever,
/// as with a hung dependency. Only a client-side timeout ends the wait.
/// </summary>
public sealed class BlackholeServer : IAsyncDisposable
{
    private readonly RawTcpServer _server = new((_, _) => Task.CompletedTask);

    public int Port => _server.Port;

    public string HttpUrl => _server.HttpUrl;

    public string WebSocketUrl => _server.WebSocketUrl;

    public static BlackholeServer Start() => new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
