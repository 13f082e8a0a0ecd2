using System.Diagnostics;
using System.Globalization;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>
/// dotnet-counters (installed from NuGet as a tool by bench/soak.sh) collecting the runtime's EventCounters of a
/// process to CSV: thread-pool queue length and thread count, GC heap, exceptions. The EventCounters, not the
/// System.Runtime meter: dotnet-counters reports the meter's up-down counters (queue length, thread count) as
/// rates of change, the EventCounters as values. Optional: without the tool the soak reports what it measures itself.
/// </summary>
internal sealed class RuntimeCounters : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _file;

    private RuntimeCounters(Process process, string file)
    {
        _process = process;
        _file = file;
    }

    /// <summary>The tool, from HG_DOTNET_COUNTERS or bench/.tools/dotnet-counters; null when neither exists.</summary>
    public static string? FindTool(BenchPaths paths)
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("HG_DOTNET_COUNTERS"), Path.Combine(paths.Root, "bench", ".tools", "dotnet-counters") };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    public static RuntimeCounters Start(string tool, int pid, TimeSpan duration, string directory)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"counters-{pid.ToString(CultureInfo.InvariantCulture)}.csv");
        var info = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", @"EventCounters\System.Runtime", "--refresh-interval", "1",
            "--format", "csv", "-o", file, "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet-counters");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new RuntimeCounters(process, file);
    }

    /// <summary>Every sample of one counter (display name, e.g. "ThreadPool Queue Length"), in order.</summary>
    public IReadOnlyList<double> Samples(string counter)
    {
        if (!File.Exists(_file))
        {
            return [];
        }

        var values = new List<double>();
        foreach (var line in File.ReadLines(_file).Skip(1))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment
            var fields = line.Split(',');
            if (fields.Length >= 5 && fields[2].StartsWith(counter, StringComparison.Ordinal)
                && double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
