using System.Globalization;

namespace HealthGateway.Testing;

/// <summary>
/// A real dnsmasq on a free loopback port (UDP and TCP), authoritative for <c>.internal</c> only: names come from a
/// hosts file and the records given at start; any other <c>.internal</c> name is NXDOMAIN, nothing is forwarded.
/// </summary>
public sealed class DnsmasqServer : ServerProcess
{
    /// <summary>The only domain the server answers for.</summary>
    public const string Domain = "internal";

    private const string InstallHint = "install dnsmasq (Debian package 'dnsmasq-base'), as .ci/run does";
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<string> _records;

    private DnsmasqServer(string workingDirectory, int port, IReadOnlyList<string> records)
        : base("dnsmasq", workingDirectory, port, PosixSignals.Terminate, _stopTimeout)
    {
        _records = records;
    }

    /// <summary><c>127.0.0.1:port</c>, the dns kind's <c>Server</c>.</summary>
    public string Server => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Starts dnsmasq with <paramref name="hosts"/> as its hosts file ("10.1.2.3 web.internal" lines) and
    /// <paramref name="records"/> as extra options (<c>--txt-record=…</c>, <c>--cname=…</c>, <c>--mx-host=…</c>, <c>--srv-host=…</c>).
    /// </summary>
    public static Task<DnsmasqServer> StartAsync(IEnumerable<string> hosts, IEnumerable<string>? records = null, CancellationToken ct = default)
    {
        var extra = records?.ToList() ?? [];
        return StartOnFreePortAsync("healthgateway-dnsmasq-",
            (workingDirectory, token) => File.WriteAllLinesAsync(Path.Combine(workingDirectory, "hosts"), hosts, token),
            (workingDirectory, port) => new DnsmasqServer(workingDirectory, port, extra), ct);
    }

    private protected override ProcessRunner StartProcess()
    {
        var dnsmasq = ExecutableLocator.Find("dnsmasq", InstallHint, "/usr/sbin");
        List<string> arguments =
        [
            // --user: started as root, dnsmasq would drop to 'nobody' before reading the hosts file in the (0700)
            // scratch directory; as its own user it keeps the right to read it.
            "--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=", "--log-facility=-", $"--user={Environment.UserName}",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--no-negcache", $"--addn-hosts={Path.Combine(RootDirectory, "hosts")}", $"--local=/{Domain}/",
        ];
        arguments.AddRange(_records);
        return ProcessRunner.Start(dnsmasq, arguments, RootDirectory, PosixSignals.Terminate);
    }

    private protected override Task WaitUntilReadyAsync(ProcessRunner process, CancellationToken ct) =>
        ServerReadiness.WaitForPortAsync(process, $"dnsmasq on {Server}", Port, _readyTimeout, ct, "Address already in use");
}
