namespace HealthGateway.Testing;

/// <summary>
/// The lifecycle every real server fixture shares (PostgreSQL, MariaDB, RabbitMQ, Redis, dnsmasq, mosquitto): its own scratch directory,
/// a start on a free loopback port (a new one if another process took it first), a readiness wait that fails with
/// the server's log tail, freeze (SIGSTOP: connects complete in the kernel, nothing answers) and thaw, a stop that
/// thaws first, a kill, a start again on the same port, and a dispose that stops it and deletes its directory. A
/// fixture says only how its process is started, when it is ready and which processes a freeze stops.
/// </summary>
public abstract class ServerProcess : IAsyncDisposable
{
    private readonly int _stopSignal;
    private readonly TimeSpan _stopTimeout;
    private ProcessRunner? _process;
    private bool _frozen;

    private protected ServerProcess(string name, string rootDirectory, int port, int stopSignal, TimeSpan stopTimeout)
    {
        Name = name;
        RootDirectory = rootDirectory;
        Port = port;
        _stopSignal = stopSignal;
        _stopTimeout = stopTimeout;
    }

    /// <summary>The server's name in failures, e.g. "Redis".</summary>
    public string Name { get; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The tail of the running server's output, for a test's own failure message; empty when it is not running.</summary>
    public string LogTail => _process?.Tail() ?? string.Empty;

    /// <summary>The fixture's scratch directory (data, sockets, configuration), deleted on dispose.</summary>
    private protected string RootDirectory { get; }

    /// <summary>The running server process, or null when it is stopped.</summary>
    private protected ProcessRunner? Process => _process;

    /// <summary>Stops the server (its own graceful or fast shutdown signal). The port and data stay, for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        // A stopped process holds the shutdown signal pending; it must run again to act on it.
        Thaw();
        await _process.ShutDownAsync(_stopSignal, _stopTimeout);
        _process = null;
    }

    /// <summary>Kills the server outright (SIGKILL, as <c>kill -9</c>): no shutdown, the port refuses at once. The port is kept for <see cref="StartAgainAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.KillTree();
        await _process.DisposeAsync();
        _process = null;
        _frozen = false;
    }

    /// <summary>Starts the server again on the port it had, with the data it kept.</summary>
    public Task StartAgainAsync(CancellationToken ct = default) =>
        RestartOnSamePort.StartAgainAsync(Name, Port, _process is not null, LaunchAsync, ct);

    /// <summary>SIGSTOPs the server's processes: connections complete in the kernel but nothing is ever answered.</summary>
    public void Freeze()
    {
        if (_process is null || _process.HasExited)
        {
            throw new InvalidOperationException($"{Name} is not running.");
        }

        foreach (var pid in FreezeOrder(_process.Id))
        {
            TrySend(pid, PosixSignals.Stop);
        }

        _frozen = true;
    }

    /// <summary>Resumes a frozen server (SIGCONT); a no-op when it is not frozen.</summary>
    public void Thaw()
    {
        if (_frozen && _process is not null && !_process.HasExited)
        {
            foreach (var pid in FreezeOrder(_process.Id).Reverse())
            {
                TrySend(pid, PosixSignals.Continue);
            }
        }

        _frozen = false;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await DisposeHelpersAsync();
        ExitGuard.DeleteScratchDirectory(RootDirectory);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Creates a scratch directory, lets <paramref name="prepare"/> fill it (initdb, a data template), then creates
    /// the server for a free port and launches it, on a new port when the first was taken. A start that fails
    /// leaves no directory behind.
    /// </summary>
    private protected static async Task<T> StartOnFreePortAsync<T>(string scratchPrefix, Func<string, CancellationToken, Task> prepare,
        Func<string, int, T> create, CancellationToken ct)
        where T : ServerProcess
    {
        var rootDirectory = ExitGuard.CreateScratchDirectory(scratchPrefix);
        try
        {
            await prepare(rootDirectory, ct);
            return await StartOnFreePort.StartAsync(port => create(rootDirectory, port), server => server.LaunchAsync(ct));
        }
        catch
        {
            ExitGuard.DeleteScratchDirectory(rootDirectory);
            throw;
        }
    }

    /// <summary>Starts the process and waits until it is ready; a process that never gets there is disposed, and the failure carries its log tail.</summary>
    private protected async Task LaunchAsync(CancellationToken ct)
    {
        await BeforeLaunchAsync(ct);
        _process = await ServerReadiness.StartAsync(StartProcess, process => WaitUntilReadyAsync(process, ct));
    }

    /// <summary>Starts the server's process (not yet ready).</summary>
    private protected abstract ProcessRunner StartProcess();

    /// <summary>Waits until <paramref name="process"/> answers like a ready server (usually through <see cref="ServerReadiness.WaitAsync"/>).</summary>
    private protected abstract Task WaitUntilReadyAsync(ProcessRunner process, CancellationToken ct);

    /// <summary>What must run before each launch (RabbitMQ: its own epmd). Nothing by default.</summary>
    private protected virtual Task BeforeLaunchAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Stops what <see cref="BeforeLaunchAsync"/> started, once the server is stopped for good. Nothing by default.</summary>
    private protected virtual ValueTask DisposeHelpersAsync() => ValueTask.CompletedTask;

    /// <summary>The processes a freeze stops, in order (a thaw resumes them in reverse): the server process itself by default.</summary>
    private protected virtual IEnumerable<int> FreezeOrder(int pid) => [pid];

    private static void TrySend(int pid, int signal)
    {
        try
        {
            PosixSignals.Send(pid, signal);
        }
        catch (InvalidOperationException)
        {
            // The process exited meanwhile.
        }
    }
}
