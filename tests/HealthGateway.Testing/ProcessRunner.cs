using System.ComponentModel;
using System.Diagnostics;

namespace HealthGateway.Testing;

/// <summary>
/// A child process whose stdout and stderr are kept in a bounded buffer, so that a fixture can show the
/// tail of a server's log when it fails to start, and which is killed with its whole tree on dispose.
/// </summary>
internal sealed class ProcessRunner : IAsyncDisposable
{
    private const int MaxBufferedLines = 400;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _linesLock = new();
    private readonly string _displayName;
    private readonly int? _shutdownSignal;

    private ProcessRunner(Process process, string displayName, int? shutdownSignal)
    {
        _process = process;
        _displayName = displayName;
        _shutdownSignal = shutdownSignal;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="shutdownSignal">The signal that stops the server gracefully if the test host exits while it runs.</param>
    /// <param name="environment">Variables set for the child on top of this process's own.</param>
    public static ProcessRunner Start(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, int? shutdownSignal = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var displayName = fileName + " " + string.Join(' ', startInfo.ArgumentList);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var runner = new ProcessRunner(process, displayName, shutdownSignal);
        process.OutputDataReceived += (_, e) => runner.Append(e.Data);
        process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start '{displayName}': {ex.Message}", ex);
        }

        ExitGuard.Track(runner);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Runs a short command to completion and throws, with its output, when it fails.</summary>
    public static async Task RunToCompletionAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var runner = Start(fileName, arguments, workingDirectory, environment: environment);
        if (!await runner.WaitForExitAsync(timeout, ct))
        {
            throw new TimeoutException($"'{runner._displayName}' did not finish within {timeout.TotalSeconds:0} s.{runner.FormatTail()}");
        }

        if (runner._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{runner._displayName}' exited with code {runner._process.ExitCode}.{runner.FormatTail()}");
        }
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            // Also drains the redirected streams, so the tail is complete once this returns.
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Resumes the process if it was frozen and sends its graceful shutdown signal, if it has one.</summary>
    public void RequestShutdown()
    {
        if (_shutdownSignal is not { } signal || _process.HasExited)
        {
            return;
        }

        try
        {
            // A frozen server (and, for PostgreSQL, its frozen backends) would hold the signal pending forever.
            foreach (var pid in PosixSignals.Descendants(_process.Id).Prepend(_process.Id))
            {
                PosixSignals.Send(pid, PosixSignals.Continue);
            }

            PosixSignals.Send(_process.Id, signal);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    public string Tail(int lineCount = 40)
    {
        lock (_linesLock)
        {
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lineCount)));
        }
    }

    /// <summary>The log tail as a message suffix, so every failure names what the server itself said.</summary>
    public string FormatTail(int lineCount = 40)
    {
        var tail = Tail(lineCount);
        var exit = _process.HasExited ? $" (exited with code {_process.ExitCode})" : string.Empty;
        return tail.Length == 0
            ? $"\n--- {_displayName}{exit}: no output ---"
            : $"\n--- last output of {_displayName}{exit} ---\n{tail}\n---";
    }

    public bool OutputContains(string text)
    {
        lock (_linesLock)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Asks the process to exit with <paramref name="signal"/>, waits up to <paramref name="timeout"/>, kills the
    /// tree if it is still there, and disposes this runner.
    /// </summary>
    public async Task ShutDownAsync(int signal, TimeSpan timeout)
    {
        if (!HasExited)
        {
            try
            {
                PosixSignals.Send(Id, signal);
            }
            catch (InvalidOperationException)
            {
                // Already gone; the wait below returns at once.
            }
        }

        if (!await WaitForExitAsync(timeout))
        {
            KillTree();
        }

        await DisposeAsync();
    }

    public void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill: nothing left to stop.
        }
        catch (Win32Exception)
        {
            // Same race, reported by the OS instead.
        }
    }

    public async ValueTask DisposeAsync()
    {
        KillTree();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        ExitGuard.Forget(this);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_linesLock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxBufferedLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
