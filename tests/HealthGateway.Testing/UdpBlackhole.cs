using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>A loopback UDP port that is bound (so no ICMP "port unreachable") but never answers: a silent DNS server.</summary>
public sealed class UdpBlackhole : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpBlackhole() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
