using System.Runtime.Versioning;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The gateway binary where another user can run it. Tests that drop root (<c>setpriv --reuid=65534</c>: an
/// unprivileged container, a process without CAP_NET_RAW) run it as <c>nobody</c>, who cannot enter a checkout under
/// a private folder (<c>d=$(mktemp -d) &amp;&amp; git clone . "$d"</c> makes it 0700). Then the binary's folder is copied,
/// once per test run, into a scratch folder everyone may read; otherwise the binary is used where it is.
/// </summary>
internal static class GatewayBinaryForOthers
{
    private const UnixFileMode OthersMayEnter = UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private static readonly Dictionary<string, string> s_copies = new(StringComparer.Ordinal);

    /// <summary><paramref name="binary"/> itself, or its path in a copy of its folder that others may read.</summary>
    public static string For(string binary)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(binary))!;
        if (OperatingSystem.IsWindows() || OthersCanReach(folder))
        {
            return binary;
        }

        // Copied once per folder; tests that ask meanwhile wait for that copy rather than make their own.
        lock (s_copies)
        {
            if (!s_copies.TryGetValue(folder, out var copy))
            {
                copy = CopyForOthers(folder);
                s_copies[folder] = copy;
            }

            return Path.Combine(copy, Path.GetFileName(binary));
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static bool OthersCanReach(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if ((current.UnixFileMode & OthersMayEnter) != OthersMayEnter)
            {
                return false;
            }
        }

        return true;
    }

    [UnsupportedOSPlatform("windows")]
    private static string CopyForOthers(string folder)
    {
        var copy = Directory.CreateTempSubdirectory("healthgateway-gateway-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | OthersMayEnter);
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, directory));
            Directory.CreateDirectory(target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(directory) | OthersMayEnter);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
        }

        return copy;
    }
}
