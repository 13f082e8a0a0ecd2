using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HealthGateway.Checks.Kinds.Icmp;

/// <summary>
/// Whether this process may send ICMP echo requests, so that a refusal is said as such and never as "timed out".
/// </summary>
/// <remarks>
/// On Linux, <see cref="Ping"/> opens a raw ICMP socket when the process may (root or CAP_NET_RAW) and otherwise runs
/// the system's <c>ping</c> utility. Without that utility it throws <see cref="PlatformNotSupportedException"/>. With it,
/// a utility that may not send either (no capability on the binary, a group outside <c>net.ipv4.ping_group_range</c>)
/// exits 2 at once, and .NET reports that exit as <see cref="IPStatus.TimedOut"/>, the same as a host that never
/// answered. That case is told apart by pinging the loopback address: it always answers an echo that was sent.
/// </remarks>
internal static class IcmpAccess
{
    /// <summary>The words for a process that may not send ICMP.</summary>
    public const string NotPermitted = "ICMP not permitted: run as root or grant CAP_NET_RAW";

    // As .NET decides, once per process and family: the raw socket, or the ping utility.
    private static readonly Lazy<bool> s_rawIPv4 = new(() => CanOpenRawSocket(AddressFamily.InterNetwork));
    private static readonly Lazy<bool> s_rawIPv6 = new(() => CanOpenRawSocket(AddressFamily.InterNetworkV6));

    // Set once an echo through the ping utility came back: from then on its "timed out" means what it says.
    private static int s_utilityAnswered;

    /// <summary>True when <see cref="Ping"/> sends through its own raw socket for <paramref name="family"/>, not the ping utility.</summary>
    public static bool UsesRawSocket(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? s_rawIPv6.Value : s_rawIPv4.Value;

    /// <summary>Notes that an echo came back, so a later timeout through the utility is a real one.</summary>
    public static void Answered(AddressFamily family)
    {
        if (!UsesRawSocket(family))
        {
            Volatile.Write(ref s_utilityAnswered, 1);
        }
    }

    /// <summary>
    /// After <see cref="IPStatus.TimedOut"/>: true when that was the ping utility failing to send rather than a host
    /// that did not answer. Pings the loopback address once (bounded by <paramref name="cancellationToken"/>) unless
    /// the utility has answered before.
    /// </summary>
    public static async Task<bool> TimeoutMeansNotPermittedAsync(AddressFamily family, CancellationToken cancellationToken)
    {
        if (UsesRawSocket(family) || Volatile.Read(ref s_utilityAnswered) == 1)
        {
            return false;
        }

        using var ping = new Ping();
        var loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        try
        {
            var reply = await ping.SendPingAsync(loopback, TimeSpan.FromSeconds(1), null, null, cancellationToken);
            if (reply.Status == IPStatus.Success)
            {
                Answered(family);
                return false;
            }

            return true;
        }
        catch (Exception exception) when (exception is PingException or PlatformNotSupportedException)
        {
            return true;
        }
    }

    private static bool CanOpenRawSocket(AddressFamily family)
    {
        try
        {
            using var socket = new Socket(family, SocketType.Raw, family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
