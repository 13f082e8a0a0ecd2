using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>A loopback port where nothing listens, so a connection to it is refused at once (RST), unlike a blackhole.</summary>
public static class RefusedPort
{
    public static int Get()
    {
        // Another process could grab the port between our close and the test's connect; checking that a
        // connect really is refused, and trying another port otherwise, makes that race harmless here.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var port = FreePort.Get();
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return port;
            }
        }

        throw new InvalidOperationException("Could not find a loopback port that refuses connections.");
    }
}
