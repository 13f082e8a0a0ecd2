using System.Globalization;

namespace HealthGateway.Testing;

/// <summary>
/// A real dnsmasq on a free loopback port (UDP and TCP), authoritative for <c>.internal</c> only: names come from a
/// hosts file and the records given at start; any other <c>.internal</c> name is NXDOMAIN, nothing is forwarded.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    /// <summary>The only domain the server answers for.</summary>
    public const string Domain = "internal";

    private const string InstallHint = "install dnsmasq (Debian package 'dnsmasq-base'), as .ci/run does";
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _workingDirectory;
    private readonly IReadOnlyList<string> _records;
    private ProcessRunner? _server;

    private DnsmasqServer(string workingDirectory, int port, IReadOnlyList<string> records)
    {
        _workingDirectory = workingDirectory;
        Port = port;
        _records = records;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the dns kind's <c>Server</c>.</summary>
    public string Server => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts dnsmasq with <paramref name="hosts"/> as its hosts file ("10.1.2.3 web.internal" lines) and
    /// <paramref name="records"/> as extra options (<c>--txt-record=…</c>, <c>--cname=…</c>, <c>--mx-host=…</c>, <c>--srv-host=…</c>).
    /// </summary>
    public static async Task<DnsmasqServer> StartAsync(IEnumerable<string> hosts, IEnumerable<string>? records = null, CancellationToken ct = default)
    {
        var workingDirectory = ExitGuard.CreateScratchDirectory("healthgateway-dnsmasq-");
        try
        {
            await File.WriteAllLinesAsync(Path.Combine(workingDirectory, "hosts"), hosts, ct);
            var extra = records?.ToList() ?? [];
            return await StartOnFreePort.StartAsync(port => new DnsmasqServer(workingDirectory, port, extra), server => server.LaunchAsync(ct));
        }
        catch
        {
            ExitGuard.DeleteScratchDirectory(workingDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.ShutDownAsync(PosixSignals.Terminate, TimeSpan.FromSeconds(10));
            _server = null;
        }

        ExitGuard.DeleteScratchDirectory(_workingDirectory);
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        var dnsmasq = ExecutableLocator.Find("dnsmasq", InstallHint, "/usr/sbin");
        List<string> arguments =
        [
            // --user: started as root, dnsmasq would drop to 'nobody' before reading the hosts file in the (0700)
            // scratch directory; as its own user it keeps the right to read it.
            "--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=", "--log-facility=-", $"--user={Environment.UserName}",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--no-negcache", $"--addn-hosts={Path.Combine(_workingDirectory, "hosts")}", $"--local=/{Domain}/",
        ];
        arguments.AddRange(_records);
        _server = await ServerReadiness.StartAsync(
            () => ProcessRunner.Start(dnsmasq, arguments, _workingDirectory, PosixSignals.Terminate),
            server => ServerReadiness.WaitForPortAsync(server, $"dnsmasq on {Server}", Port, _readyTimeout, ct, "Address already in use"));
    }
}
