using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// Answers every TCP connection with a line that is no protocol at all, then closes: an HTTP, WebSocket,
/// PostgreSQL or Redis client must report a protocol error, not hang or crash.
/// </summary>
public sealed class GarbageServer : IAsyncDisposable
{
    public const string Garbage = "HELLO-NOT-A-PROTOCOL\r\n\r\n";

    private static readonly byte[] _garbageBytes = Encoding.ASCII.GetBytes(Garbage);

    private readonly RawTcpServer _server = new((socket, ct) => RawTcpServer.SayAndCloseAsync(socket, _garbageBytes, ct));

    public int Port => _server.Port;

    public string HttpUrl => _server.HttpUrl;

    public string WebSocketUrl => _server.WebSocketUrl;

    public static GarbageServer Start() => new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
