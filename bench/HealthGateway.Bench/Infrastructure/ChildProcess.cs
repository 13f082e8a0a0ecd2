using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// A server under measurement in a process of its own (so its RSS is its own): output kept in a bounded tail,
/// SIGTERM then SIGKILL on dispose, and killed when the driver exits however it exits.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> _running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in _running.Keys)
        {
            child.Kill();
        }
    };

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        _running.TryAdd(child, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Resident set size in MiB, from /proc/&lt;pid&gt;/status (VmRSS).</summary>
    public double RssMiB() => Memory().Rss;

    /// <summary>
    /// VmRSS and its parts in MiB: anonymous (GC heap, JIT'd code, native allocations), file-backed (the mapped
    /// assemblies and native libraries, shared with every other .NET process) and shared memory (the runtime's
    /// double-mapped executable memory under W^X).
    /// </summary>
    public MemorySample Memory()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.EndsWith(" kB", StringComparison.Ordinal))
            {
                values[line[..colon]] = long.Parse(line[(colon + 1)..^3].Trim(), CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return new MemorySample(values["VmRSS"], values["RssAnon"], values["RssFile"], values["RssShmem"]);
    }

    /// <summary>Threads of the process, from /proc/&lt;pid&gt;/status.</summary>
    public int Threads()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal));
        return int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    public string Tail(int lines = 30) => string.Join('\n', _tail.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Posix.TrySend(Pid, Posix.Terminate);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        _running.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > 200)
        {
            _tail.TryDequeue(out _);
        }
    }
}
