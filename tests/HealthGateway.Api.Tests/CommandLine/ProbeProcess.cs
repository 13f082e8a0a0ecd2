using System.Diagnostics;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// healthgateway-probe as a real process: the executable <c>HEALTHGATEWAY_PROBE_EXECUTABLE</c> names (the native
/// build, which CI publishes and runs these tests against), or else <c>dotnet healthgateway-probe.dll</c>, the JIT build
/// next to this test assembly. Bounded: killed when it outlives <see cref="Limit"/>.
/// </summary>
internal static class ProbeProcess
{
    /// <summary>The variable naming a probe executable to run instead of the dll.</summary>
    public const string ExecutableVariable = "HEALTHGATEWAY_PROBE_EXECUTABLE";

    /// <summary>No probe in these tests is given more than a few seconds; one still running then is a hang.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly string s_dllPath = Path.Combine(AppContext.BaseDirectory, "healthgateway-probe.dll");

    private static readonly string? s_executablePath =
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>Runs the probe to completion with <paramref name="arguments"/>.</summary>
    public static async Task<ProbeRun> RunAsync(params string[] arguments)
    {
        var binary = s_executablePath ?? s_dllPath;
        Assert.True(File.Exists(binary), $"the probe binary is not at {binary}");
        var startInfo = new ProcessStartInfo(s_executablePath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (s_executablePath is null)
        {
            startInfo.ArgumentList.Add(s_dllPath);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var started = Stopwatch.GetTimestamp();
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"healthgateway-probe {string.Join(' ', arguments)} did not exit within {Limit.TotalSeconds} s and was killed");
        }

        return new ProbeRun(process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
    }
}
