using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>
/// An address of this machine outside 127.0.0.0/8, so a test can connect to the gateway from a client that is not
/// on loopback while the traffic never leaves the machine. As root it adds 10.251.0.1/32 to the loopback device
/// (the kernel here may have no dummy links; an extra address on lo needs nothing but CAP_NET_ADMIN); otherwise it
/// uses an address an interface already has.
/// </summary>
public static class NonLoopbackAddress
{
    public static readonly IPAddress Preferred = IPAddress.Parse("10.251.0.1");

    private static readonly Lazy<IPAddress?> s_address = new(Find);

    /// <summary>The address, or null (with <see cref="Problem"/> saying why) when this machine has none a test can use.</summary>
    public static IPAddress? Address => s_address.Value;

    public static string? Problem { get; private set; }

    private static IPAddress? Find()
    {
        if (!HasAddress(Preferred))
        {
            TryAddToLoopback();
        }

        if (HasAddress(Preferred) && CanConnect(Preferred))
        {
            return Preferred;
        }

        var existing = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address) && CanConnect(address));
        if (existing is null)
        {
            Problem = $"no non-loopback address: could not add {Preferred}/32 to lo (needs root) and no interface has an IPv4 address";
        }

        return existing;
    }

    private static bool HasAddress(IPAddress address) =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(nic => nic.GetIPProperties().UnicastAddresses).Any(unicast => unicast.Address.Equals(address));

    private static void TryAddToLoopback()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", ["addr", "add", $"{Preferred}/32", "dev", "lo"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            process?.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No ip command: use an existing address below.
        }
    }

    /// <summary>Whether a socket bound to <paramref name="address"/> can be reached from it.</summary>
    private static bool CanConnect(IPAddress address)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, 0));
            listener.Listen(1);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
