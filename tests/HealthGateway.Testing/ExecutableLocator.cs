namespace HealthGateway.Testing;

/// <summary>Finds server binaries on PATH, or where Debian installs them off PATH.</summary>
internal static class ExecutableLocator
{
    public static string? TryFind(string name, params string[] fallbackPatterns)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Patterns are "/usr/lib/postgresql/*/bin": one wildcard level, newest version wins.
        foreach (var pattern in fallbackPatterns)
        {
            var star = pattern.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                var candidate = Path.Combine(pattern, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            var parent = Path.GetDirectoryName(pattern[..star]) ?? "/";
            var suffix = pattern[(star + 1)..].TrimStart('/');
            if (!Directory.Exists(parent))
            {
                continue;
            }

            // Longer first, then ordinal, so that version "15" beats "9".
            var match = Directory.EnumerateDirectories(parent)
                .OrderByDescending(directory => directory.Length)
                .ThenByDescending(directory => directory, StringComparer.Ordinal)
                .Select(directory => Path.Combine(directory, suffix, name))
                .FirstOrDefault(File.Exists);
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    public static string Find(string name, string installHint, params string[] fallbackPatterns) =>
        TryFind(name, fallbackPatterns)
        ?? throw new InvalidOperationException($"'{name}' was not found on PATH or in {string.Join(", ", fallbackPatterns)}; {installHint}.");
}
