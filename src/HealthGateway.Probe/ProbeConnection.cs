using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Probe;

/// <summary>
/// Resolves and connects within the deadline, synchronously on the one thread the process has: an async connect
/// would start the socket engine's event thread for a single connection.
/// </summary>
internal static class ProbeConnection
{
    /// <summary>The connected socket; or null, with the reason in <paramref name="failure"/>.</summary>
    /// <param name="timeoutText">The timeout as the failure line words it ("3 s").</param>
    public static Socket? Connect(ProbeUrl url, Deadline deadline, string timeoutText, out string failure)
    {
        failure = string.Empty;
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(url.Host);
            }
            catch (SocketException)
            {
                failure = $"cannot resolve {Printable.Clip(url.Host)}";
                return null;
            }
        }

        // "localhost" may resolve to ::1 and 127.0.0.1 with the server on only one of them: try each in turn.
        foreach (var address in addresses)
        {
            var endpoint = new IPEndPoint(address, url.Port);
            var socket = TryConnect(endpoint, deadline, out var error);
            if (socket is not null)
            {
                return socket;
            }

            failure = error switch
            {
                SocketError.TimedOut => $"cannot connect to {endpoint}: no connection within {timeoutText}",
                SocketError.ConnectionRefused => $"cannot connect to {endpoint}: connection refused",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"cannot connect to {endpoint}: unreachable",
                _ => $"cannot connect to {endpoint}: {error}",
            };
            if (deadline.Expired)
            {
                break;
            }
        }

        if (addresses.Length == 0)
        {
            failure = $"cannot resolve {Printable.Clip(url.Host)}";
        }

        return null;
    }

    private static Socket? TryConnect(IPEndPoint endpoint, Deadline deadline, out SocketError error)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        try
        {
            error = SocketError.Success;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException started) when (started.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                error = WaitForConnect(socket, deadline);
            }

            if (error == SocketError.Success)
            {
                socket.Blocking = true;
                return socket;
            }
        }
        catch (SocketException failed)
        {
            error = failed.SocketErrorCode;
        }

        socket.Dispose();
        return null;
    }

    /// <summary>Polls the non-blocking connect until it completes, fails, or the deadline passes.</summary>
    private static SocketError WaitForConnect(Socket socket, Deadline deadline)
    {
        while (true)
        {
            var remaining = deadline.RemainingMilliseconds;
            if (remaining == 0)
            {
                return SocketError.TimedOut;
            }

            var writable = socket.Poll(remaining * 1000L > int.MaxValue ? int.MaxValue : remaining * 1000, SelectMode.SelectWrite);

            // SO_ERROR holds the outcome of the connect either way: a refused connect is not always reported as writable.
            var pending = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (pending != SocketError.Success)
            {
                return pending;
            }

            if (writable)
            {
                return SocketError.Success;
            }
        }
    }
}
