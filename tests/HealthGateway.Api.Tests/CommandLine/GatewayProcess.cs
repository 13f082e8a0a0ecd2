using System.Diagnostics;
using System.Text;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The gateway binary as a real process (<c>dotnet HealthGateway.Api.dll …</c>, the dll built next to this test
/// assembly; or the executable <c>HEALTHGATEWAY_EXECUTABLE</c> names, such as the native build, which CI runs these
/// tests against a second time), started from an unrelated working directory and configured only through environment
/// variables and its command line. Every process is bounded: killed with its tree when it outlives its limit or the test.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    /// <summary>No verb or test here needs longer; a process still running then is a hang, and is killed.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The five services of the shipped appsettings.json, all on localhost: disabled unless a test wants them.</summary>
    public static readonly string[] ShippedServices = ["backend_api", "auth_service", "websocket_endpoint", "database", "redis"];

    private static readonly string[] s_listenVariables =
    [
        "URLS", "ASPNETCORE_URLS", "DOTNET_URLS", "HTTP_PORTS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS",
        "HTTPS_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS",
    ];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private GatewayProcess(Process process) => _process = process;

    /// <summary>The process id, for reading its <c>/proc</c> entries and for signals (SIGSTOP, SIGCONT).</summary>
    public int Id => _process.Id;

    /// <summary>The variable naming a gateway executable to run instead of the dll (e.g. the native build).</summary>
    public const string ExecutableVariable = "HEALTHGATEWAY_EXECUTABLE";

    /// <summary>The gateway dll: the Api project is referenced, so it is built into this assembly's folder.</summary>
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "HealthGateway.Api.dll");

    /// <summary>The executable from <see cref="ExecutableVariable"/>, as a full path; null to run the dll.</summary>
    public static string? ExecutablePath { get; } =
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return $"--- stdout ---\n{_stdout}--- stderr ---\n{_stderr}";
            }
        }
    }

    /// <summary>Kills the process outright (SIGKILL, as <c>kill -9</c>): no shutdown, no goodbye to anyone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Freezes the process (SIGSTOP): it holds its sockets but runs nothing, as a stalled VM or container would.</summary>
    public void Freeze() => PosixSignals.Send(_process.Id, PosixSignals.Stop);

    /// <summary>Resumes a frozen process (SIGCONT); nothing when it has exited.</summary>
    public void Thaw()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.Continue);
        }
    }

    /// <summary>Runs the binary to completion.</summary>
    /// <param name="wrapper">A command the binary is run under, such as <c>setpriv --reuid=65534 …</c>; none when null.</param>
    public static async Task<GatewayRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        bool keepShippedServices = false, IReadOnlyList<string>? wrapper = null)
    {
        await using var process = Start(arguments, environment, keepShippedServices, wrapper);
        return await process.ExitAsync();
    }

    /// <summary>
    /// Starts the binary. Inherited <c>HealthGateway__*</c> variables and listen settings (<c>ASPNETCORE_URLS</c>,
    /// <c>…_HTTP_PORTS</c>, <c>Kestrel__*</c>) are removed so the machine cannot change the outcome; the shipped services are disabled unless <paramref name="keepShippedServices"/>; polling is
    /// fast and the default timeout short, so that tests stay short.
    /// </summary>
    public static GatewayProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        bool keepShippedServices = false, IReadOnlyList<string>? wrapper = null)
    {
        var binary = ExecutablePath ?? DllPath;
        Assert.True(File.Exists(binary), $"the gateway binary is not at {binary}");

        // A wrapper runs it as another user, who must be able to read it.
        var wrapped = wrapper is { Count: > 0 };
        var executable = ExecutablePath is null ? null : wrapped ? GatewayBinaryForOthers.For(ExecutablePath) : ExecutablePath;
        var dll = wrapped && executable is null ? GatewayBinaryForOthers.For(DllPath) : DllPath;
        var startInfo = new ProcessStartInfo(wrapped ? wrapper![0] : executable ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Not the binary's folder: it must find its own appsettings.json from anywhere.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (wrapped)
        {
            foreach (var part in wrapper!.Skip(1).Append(executable ?? "dotnet"))
            {
                startInfo.ArgumentList.Add(part);
            }
        }

        if (executable is null)
        {
            startInfo.ArgumentList.Add(dll);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in startInfo.Environment.Keys.Where(InheritedSettingToDrop).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        if (!keepShippedServices)
        {
            foreach (var service in ShippedServices)
            {
                startInfo.Environment[$"HealthGateway__Services__{service}__Enabled"] = "false";
            }
        }

        startInfo.Environment["HealthGateway__PollInterval"] = "00:00:00.200";
        startInfo.Environment["HealthGateway__DefaultTimeout"] = "00:00:02";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.Append(gateway._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(gateway._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Waits for the process to exit (killing it after <see cref="Limit"/>) and returns what it did.</summary>
    public async Task<GatewayRun> ExitAsync()
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the gateway process did not exit within {Limit.TotalSeconds} s and was killed\n{Output}");
        }

        lock (_gate)
        {
            return new GatewayRun(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>Waits (bounded) until stdout or stderr contains <paramref name="text"/>; fails if the process exits first.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan? within = null) =>
        Eventually.ReturnsAsync(() =>
        {
            // Read before checking for exit, so that a line written just before exiting is not missed.
            var output = Output;
            Assert.False(!output.Contains(text, StringComparison.Ordinal) && _process.HasExited, $"the process exited before writing '{text}'\n{Output}");
            return output;
        }, output => output.Contains(text, StringComparison.Ordinal), $"the process writes '{text}'", within);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A process a test froze (SIGSTOP) is killed all the same: SIGKILL needs no cooperation.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _process.Dispose();
    }

    /// <summary>The gateway's own settings, and where to listen: a test says both itself, the machine neither.</summary>
    private static bool InheritedSettingToDrop(string key) =>
        key.StartsWith("HealthGateway", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
        || s_listenVariables.Contains(key, StringComparer.OrdinalIgnoreCase);

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
        }
    }
}
