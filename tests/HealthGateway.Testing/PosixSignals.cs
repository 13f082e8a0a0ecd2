using System.Globalization;
using System.Runtime.InteropServices;

namespace HealthGateway.Testing;

/// <summary>
/// Sends POSIX signals to server processes. .NET can only SIGKILL a process; freezing a server (SIGSTOP) to
/// turn it into a blackhole, and asking PostgreSQL for a fast shutdown (SIGINT), need kill(2).
/// </summary>
public static partial class PosixSignals
{
    // Linux numbers; these fixtures only run on Linux.
    public const int Interrupt = 2;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    public static void Send(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}.");
        }
    }

    /// <summary>Every live descendant of <paramref name="pid"/>, read from /proc.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parentOf = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                // The command name in field 2 may hold spaces and parentheses, so parse after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parentOf[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process exited while we were reading it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to signal anyway.
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (child, ppid) in parentOf)
            {
                if (ppid == parent)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return result;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
