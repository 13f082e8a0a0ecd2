using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>Free loopback TCP ports, so fixtures never collide with each other or with services on the machine.</summary>
public static class FreePort
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago (the kernel picked it for a bind to port 0).</summary>
    public static int Get()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
