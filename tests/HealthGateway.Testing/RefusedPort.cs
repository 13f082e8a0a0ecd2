using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>A loopback port where nothing listens, so a connection to it is refused at once (RST), unlike a blackhole.</summary>
public static class RefusedPort
{
    // Below the kernel's ephemeral range (32768 and up), from which every test server here takes its port by
    // binding port 0: a port handed out as "refused" can then never be taken by a server a concurrent test
    // starts a moment later, which a freed ephemeral port could.
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Get()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
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
