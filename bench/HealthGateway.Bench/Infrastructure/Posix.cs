using System.Runtime.InteropServices;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>kill(2): .NET can only SIGKILL a process; a graceful stop needs SIGTERM.</summary>
internal static class Posix
{
    public const int Terminate = 15;

    public static bool TrySend(int pid, int signal) => SysKill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
