using System.ComponentModel;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Icmp;

/// <summary>
/// Sends one ICMP echo request with <see cref="Ping"/> and says the round-trip time: "echo reply in 3 ms (10.0.0.1)".
/// An unreachable host is said as such (from the ICMP answer or the network's refusal); a process that may not send
/// ICMP at all is "ICMP not permitted: run as root or grant CAP_NET_RAW", never a timeout (see <see cref="IcmpAccess"/>).
/// </summary>
public sealed class IcmpHealthCheck(IcmpHealthCheckOptions options, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var host = options.Host;
        var suffix = $" ({host})";
        var started = time.GetTimestamp();
        IPAddress address;
        try
        {
            address = await ResolveAsync(host, cancellationToken);
        }
        catch (SocketException exception)
        {
            return Fail(FailureDescriber.Describe(exception, host));
        }

        using var ping = new Ping();
        PingReply reply;
        try
        {
            reply = await ping.SendPingAsync(address, options.Timeout, null, null, cancellationToken);
        }
        catch (PlatformNotSupportedException)
        {
            // No raw socket and no ping utility to fall back on.
            return Fail(IcmpAccess.NotPermitted + suffix);
        }
        catch (PingException exception) when (exception.InnerException is SocketException socket)
        {
            return Fail(DescribeRefusal(socket) + suffix);
        }
        catch (PingException exception) when (exception.InnerException is Win32Exception)
        {
            // The ping utility could not even be started: a binary whose file capability exceeds the process's
            // bounding set (a container without CAP_NET_RAW) is refused by execve itself.
            return Fail(IcmpAccess.NotPermitted + suffix);
        }

        switch (reply.Status)
        {
            case IPStatus.Success:
                IcmpAccess.Answered(address.AddressFamily);
                var rtt = Durations.Millis(TimeSpan.FromMilliseconds(reply.RoundtripTime));
                return HealthCheckResult.Healthy(address.ToString() == host ? $"echo reply in {rtt}{suffix}" : $"echo reply in {rtt} ({host}, {address})");
            case IPStatus.TimedOut when await IcmpAccess.TimeoutMeansNotPermittedAsync(address.AddressFamily, cancellationToken):
                return Fail(IcmpAccess.NotPermitted + suffix);
            case IPStatus.TimedOut when time.GetElapsedTime(started) < options.Timeout / 2:
                // Only the ping utility says TimedOut early: it exited on an ICMP error (such as unreachable).
                return Fail($"unreachable: no echo reply (the ping utility gave up after {Durations.Format(time.GetElapsedTime(started))}){suffix}");
            case IPStatus.TimedOut:
                return Fail($"timed out after {Durations.Format(options.Timeout)}: no echo reply{suffix}");
            default:
                return Fail(DescribeStatus(reply.Status) + suffix);
        }

        HealthCheckResult Fail(string description) => new(context.Registration.FailureStatus, description);
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        // IPv4 first when the name has both: it is what a person means by "ping api.internal" on most networks.
        var addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
               ?? addresses.FirstOrDefault()
               ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    // The kernel turns an ICMP error (or a local firewall's reject) on the echo socket into these.
    private static string DescribeRefusal(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable: no route to the host",
        SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
        SocketError.ConnectionRefused => "unreachable: the network refused the echo request",
        SocketError.AccessDenied => "the echo request was refused locally (permission denied: a broadcast address or a firewall)",
        _ => $"unreachable: {socket.Message}",
    };

    private static string DescribeStatus(IPStatus status) => status switch
    {
        IPStatus.DestinationHostUnreachable or IPStatus.DestinationUnreachable => "host unreachable",
        IPStatus.DestinationNetworkUnreachable => "network unreachable",
        IPStatus.DestinationProhibited => "unreachable: administratively prohibited",
        IPStatus.DestinationPortUnreachable or IPStatus.DestinationProtocolUnreachable => "unreachable: the host refused ICMP echo",
        IPStatus.TtlExpired or IPStatus.TimeExceeded or IPStatus.TtlReassemblyTimeExceeded => "unreachable: TTL expired in transit",
        IPStatus.PacketTooBig => "unreachable: packet too big",
        _ => $"no echo reply ({status})",
    };
}
