using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace HealthGateway.Testing;

/// <summary>
/// A real RabbitMQ node (Debian's rabbitmq-server) as a child process: its own node name, Erlang cookie, data and
/// log directories, AMQP port, distribution port and its own epmd, all on free loopback ports, so it neither
/// needs nor disturbs a system broker. A user with a password owns one vhost, created at first boot; "/" does
/// not exist, so an unknown vhost really fails. With a <see cref="RabbitMqTlsListener"/> it serves amqps too. It
/// boots in seconds, not milliseconds: share one per test class.
/// </summary>
public sealed class RabbitMqServer : ServerProcess
{
    public const string DefaultUser = "healthgateway";
    public const string DefaultPassword = "mq-S3cret-value";
    public const string DefaultVhost = "app";

    private const string InstallHint = "install RabbitMQ (Debian package 'rabbitmq-server'), as .ci/run does";
    private const string ScriptDirectory = "/usr/lib/rabbitmq/bin";

    // Under a loaded CI machine a first boot took 35 s here; the bound is for a broken node, not a slow one.
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _controlTimeout = TimeSpan.FromSeconds(60);

    private readonly string _homeDirectory;
    private readonly int _distributionPort;
    private readonly int _epmdPort;
    private ProcessRunner? _epmd;

    // Three ports of its own (AMQP, Erlang distribution, epmd), so no retry on a taken one: a boot takes seconds.
    private RabbitMqServer(string rootDirectory, RabbitMqTlsListener? tls)
        : base("RabbitMQ", rootDirectory, FreePort.Get(), PosixSignals.Terminate, _stopTimeout)
    {
        Tls = tls;
        _homeDirectory = Path.Combine(rootDirectory, "home");
        NodeName = "hg-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "@localhost";
        _distributionPort = FreePort.Get();
        _epmdPort = FreePort.Get();
    }

    /// <summary>The Erlang node name, unique per fixture: <c>hg-test-xxxxxxxx@localhost</c>.</summary>
    public string NodeName { get; }

    public string Username => DefaultUser;

    public string Password => DefaultPassword;

    public string Vhost => DefaultVhost;

    /// <summary><c>amqp://user:password@127.0.0.1:port/vhost</c> for <see cref="Vhost"/>.</summary>
    public string ConnectionString => UriFor(Vhost);

    /// <summary>The amqps listener, or null when the node speaks plain AMQP only.</summary>
    public RabbitMqTlsListener? Tls { get; }

    /// <summary><c>amqps://user:password@127.0.0.1:tlsport/vhost</c> for <see cref="Vhost"/>.</summary>
    public string TlsConnectionString => FormatUri("amqps", (Tls ?? throw new InvalidOperationException("The node has no TLS listener.")).Port, Vhost, null, null);

    /// <summary>Boots the node; ready once its AMQP listener accepts connections (and its amqps one, with <paramref name="tls"/>). Bounded; fails with the log tail.</summary>
    public static async Task<RabbitMqServer> StartAsync(RabbitMqTlsListener? tls = null, CancellationToken ct = default)
    {
        var rootDirectory = ExitGuard.CreateScratchDirectory("healthgateway-rabbitmq-");
        var server = new RabbitMqServer(rootDirectory, tls);
        try
        {
            server.WriteConfiguration();
            await server.LaunchAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An AMQP URI for <paramref name="vhost"/>, with the fixture's user or the given credentials.</summary>
    public string UriFor(string vhost, string? user = null, string? password = null) => FormatUri("amqp", Port, vhost, user, password);

    /// <summary>Runs <c>rabbitmqctl -n node …</c> against this node (a few seconds: it boots an Erlang VM).</summary>
    public Task ControlAsync(CancellationToken ct, params string[] arguments) =>
        ProcessRunner.RunToCompletionAsync(
            Path.Combine(ScriptDirectory, "rabbitmqctl"), ["-n", NodeName, .. arguments], _controlTimeout, RootDirectory, ct,
            Environment());

    /// <summary>Creates a vhost on which the fixture's user has every permission.</summary>
    public async Task CreateVhostAsync(string vhost, CancellationToken ct = default)
    {
        await ControlAsync(ct, "add_vhost", vhost);
        await ControlAsync(ct, "set_permissions", "-p", vhost, Username, ".*", ".*", ".*");
    }

    /// <summary>Creates a user with every permission on <paramref name="vhost"/> (default: <see cref="Vhost"/>).</summary>
    public async Task CreateUserAsync(string user, string password, string? vhost = null, CancellationToken ct = default)
    {
        await ControlAsync(ct, "add_user", user, password);
        await ControlAsync(ct, "set_permissions", "-p", vhost ?? Vhost, user, ".*", ".*", ".*");
    }

    /// <summary>The Erlang VM and its helpers, not the launch script: SIGTERM to the script stops the node cleanly.</summary>
    private protected override IEnumerable<int> FreezeOrder(int pid) => PosixSignals.Descendants(pid);

    private protected override async ValueTask DisposeHelpersAsync()
    {
        if (_epmd is not null)
        {
            await _epmd.ShutDownAsync(PosixSignals.Terminate, TimeSpan.FromSeconds(5));
            _epmd = null;
        }
    }

    private void WriteConfiguration()
    {
        Directory.CreateDirectory(_homeDirectory);
        Directory.CreateDirectory(Path.Combine(RootDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(RootDirectory, "log"));

        // HOME is where both the node and rabbitmqctl read the cookie; Erlang refuses one others can read.
        var cookie = Path.Combine(_homeDirectory, ".erlang.cookie");
        File.WriteAllText(cookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // default_* create the user and vhost at first boot, which spares two rabbitmqctl VMs per start.
        File.WriteAllLines(Path.Combine(RootDirectory, "rabbitmq.conf"),
        [
            $"listeners.tcp.1 = 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
            "loopback_users = none",
            $"default_user = {Username}",
            $"default_pass = {Password}",
            $"default_vhost = {Vhost}",
            "default_permissions.configure = .*",
            "default_permissions.read = .*",
            "default_permissions.write = .*",
            "log.console = true",
            "log.console.level = warning",
            "log.file = false",
            "disk_free_limit.absolute = 1MB",
            .. Tls?.WriteConfiguration(RootDirectory) ?? [],
        ]);
        File.WriteAllText(Path.Combine(RootDirectory, "enabled_plugins"), "[].\n");
        // An empty env file, so /etc/rabbitmq/rabbitmq-env.conf (the system broker's settings) is not read.
        File.WriteAllText(Path.Combine(RootDirectory, "rabbitmq-env.conf"), string.Empty);
    }

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["HOME"] = _homeDirectory,
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_USE_LONGNAME"] = "false",
        ["RABBITMQ_NODE_IP_ADDRESS"] = Host,
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(RootDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(RootDirectory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(RootDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(RootDirectory, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(RootDirectory, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(RootDirectory, "rabbitmq-env.conf"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(RootDirectory, "rabbitmq.pid"),
    };

    private protected override async Task BeforeLaunchAsync(CancellationToken ct)
    {
        // Our own epmd, in the foreground and owned like the node: an Erlang VM that finds none starts a daemon
        // that outlives the test, and the machine's epmd on 4369 is not ours to rely on or to stop.
        var epmd = ExecutableLocator.Find("epmd", InstallHint, "/usr/bin", "/usr/lib/erlang/bin");
        if (_epmd is null || _epmd.HasExited)
        {
            if (_epmd is not null)
            {
                await _epmd.DisposeAsync();
            }

            _epmd = ProcessRunner.Start(epmd, ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture)], RootDirectory,
                PosixSignals.Terminate, Environment());
            await ServerReadiness.WaitForPortAsync(_epmd, $"epmd ({NodeName}) on 127.0.0.1:{_epmdPort}", _epmdPort, TimeSpan.FromSeconds(15), ct);
        }
    }

    // The inner script, not /usr/sbin/rabbitmq-server: that wrapper su's to the rabbitmq user and writes to
    // /var/log/rabbitmq. Without RABBITMQ_ALLOW_INPUT this script traps SIGTERM and stops the node cleanly.
    private protected override ProcessRunner StartProcess()
    {
        var script = Path.Combine(ScriptDirectory, "rabbitmq-server");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"'{script}' was not found; {InstallHint}.");
        }

        return ProcessRunner.Start(script, [], RootDirectory, PosixSignals.Terminate, Environment());
    }

    private protected override async Task WaitUntilReadyAsync(ProcessRunner process, CancellationToken ct)
    {
        await ServerReadiness.WaitForPortAsync(process, $"RabbitMQ ({NodeName}) on 127.0.0.1:{Port}", Port, _readyTimeout, ct);
        await WaitForAmqpAsync(process, ct);
        if (Tls is not null)
        {
            await ServerReadiness.WaitForPortAsync(process, $"RabbitMQ ({NodeName}) amqps on 127.0.0.1:{Tls.Port}", Tls.Port, _readyTimeout, ct);
        }
    }

    // The listener opens near the end of the boot; an AMQP login proves the user and vhost are there too.
    private Task WaitForAmqpAsync(ProcessRunner process, CancellationToken ct) =>
        ServerReadiness.WaitAsync(process, $"RabbitMQ ({NodeName}) accepting an AMQP login on 127.0.0.1:{Port}", _readyTimeout,
            TimeSpan.FromMilliseconds(200),
            async token =>
            {
                var factory = new ConnectionFactory
                {
                    Uri = new Uri(ConnectionString),
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                    AutomaticRecoveryEnabled = false,
                };
                await using var connection = await factory.CreateConnectionAsync(token);
                await connection.CloseAsync(token);
                return true;
            },
            static ex => ex is BrokerUnreachableException or OperationInterruptedException or IOException or SocketException, ct);

    private string FormatUri(string scheme, int port, string vhost, string? user, string? password) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{scheme}://{Uri.EscapeDataString(user ?? Username)}:{Uri.EscapeDataString(password ?? Password)}@{Host}:{port}/{Uri.EscapeDataString(vhost)}");
}
