using System.Collections.Concurrent;

namespace HealthGateway.Testing;

/// <summary>
/// The safety net for a fixture that a test forgot to dispose: when the test host exits, servers still running
/// are shut down (their own graceful signal first, then SIGKILL) and scratch directories are deleted.
/// Dispose remains the normal path; this only keeps a buggy test from leaving servers and 40 MB data dirs behind.
/// </summary>
internal static class ExitGuard
{
    private static readonly ConcurrentDictionary<ProcessRunner, byte> _runners = new();
    private static readonly ConcurrentDictionary<string, byte> _directories = new(StringComparer.Ordinal);

    static ExitGuard() => AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUp();

    public static void Track(ProcessRunner runner) => _runners.TryAdd(runner, 0);

    public static void Forget(ProcessRunner runner) => _runners.TryRemove(runner, out _);

    public static string CreateScratchDirectory(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        _directories.TryAdd(directory, 0);
        return directory;
    }

    public static void DeleteScratchDirectory(string directory)
    {
        _directories.TryRemove(directory, out _);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp directory are harmless; failing a test over them is not.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static void CleanUp()
    {
        var runners = _runners.Keys.ToArray();
        foreach (var runner in runners)
        {
            runner.RequestShutdown();
        }

        // SIGKILLing a postmaster orphans its backends, so give the graceful signal a moment first.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        foreach (var runner in runners)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !runner.WaitForExit(remaining))
            {
                runner.KillTree();
            }
        }

        foreach (var directory in _directories.Keys.ToArray())
        {
            DeleteScratchDirectory(directory);
        }
    }
}
