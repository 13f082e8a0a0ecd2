using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Testing;

/// <summary>
/// The one readiness wait of every server fixture, over <see cref="Eventually"/>: the fixture's own probe is tried
/// until it answers. A process that exits first ends the wait at once and says why (its port was taken, which the
/// fixture retries on another, or its output's tail); a wait that runs out says the probe's last error and the tail.
/// </summary>
internal static class ServerReadiness
{
    /// <summary>
    /// Waits until <paramref name="probe"/> returns true, retrying the exceptions <paramref name="notYet"/> takes. <paramref name="server"/> names the process in failures, e.g.
    /// "Redis on 127.0.0.1:6379"; output containing any of <paramref name="portTakenSigns"/> means the port was taken.
    /// </summary>
    public static Task WaitAsync(ProcessRunner process, string server, TimeSpan within, TimeSpan interval,
        Func<CancellationToken, Task<bool>> probe, Func<Exception, bool> notYet, CancellationToken ct, params string[] portTakenSigns) =>
        Eventually.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(TimeSpan.FromSeconds(5), ct);
                    if (portTakenSigns.Any(process.OutputContains))
                    {
                        throw new PortTakenException($"{server} could not bind its port.{process.FormatTail()}");
                    }

                    throw new InvalidOperationException($"{server} exited before it was ready.{process.FormatTail()}");
                }

                return await probe(ct);
            },
            notYet, $"{server} is ready", within, interval, () => process.FormatTail(), ct);

    /// <summary>Starts a server process and waits until it is ready; a process that never gets there is disposed.</summary>
    public static async Task<ProcessRunner> StartAsync(Func<ProcessRunner> start, Func<ProcessRunner, Task> waitUntilReady)
    {
        var process = start();
        try
        {
            await waitUntilReady(process);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="port"/> on loopback accepts a TCP connection.</summary>
    public static Task WaitForPortAsync(ProcessRunner process, string server, int port, TimeSpan within, CancellationToken ct,
        params string[] portTakenSigns) =>
        WaitAsync(process, server, within, TimeSpan.FromMilliseconds(200),
            async token =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
                return true;
            },
            static exception => exception is SocketException, ct, portTakenSigns);
}
